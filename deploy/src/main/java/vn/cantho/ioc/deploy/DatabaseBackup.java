package vn.cantho.ioc.deploy;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import vn.cantho.ioc.core.store.DatabaseConfig;
import vn.cantho.ioc.deploy.BackupManifest.Format;
import vn.cantho.ioc.deploy.SchemaCatalog.Table;

/**
 * A logical backup of the system of record (ADR 0021): every table of the schema as of one instant
 * (one {@code REPEATABLE READ READ ONLY} transaction), each as a COPY stream into one zip, with a
 * manifest of the schema versions, row counts and SHA-256 of each stream. Writers go on while it
 * runs; schema changes (a partition's retention drop, a migration) wait for it, as for pg_dump.
 */
final class DatabaseBackup {
  static final String MANIFEST = "manifest.json";

  /** How long to wait for the tables' locks, which only a schema change in progress holds. */
  private static final String LOCK_TIMEOUT = "60s";

  private DatabaseBackup() {}

  /**
   * Writes the archive to {@code to} (refused if it exists): first to {@code to.part}, readable by
   * its owner only (it holds password hashes and tokens' digests), flushed to disk, then renamed,
   * so a failed backup never leaves a file that looks whole.
   */
  static BackupManifest write(DatabaseConfig config, Path to, Clock clock) throws Exception {
    if (Files.exists(to)) {
      throw new CommandRefused(to + " exists: back up to a new file");
    }
    Path part = to.resolveSibling(to.getFileName() + ".part");
    Files.deleteIfExists(part);
    BackupManifest manifest;
    try (Connection c = BackupConnections.open(config, "ioc-backup")) {
      String schema = SchemaCatalog.schema(c);
      List<String> before = tableNames(c);
      List<String> qualified = new ArrayList<>();
      for (String name : before) {
        qualified.add(SchemaCatalog.qualified(c, schema, name));
      }
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        // Neither SET nor LOCK takes the transaction's snapshot: the tables are locked before the
        // snapshot their rows are read in, so none can be dropped or altered in between.
        s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
        if (!qualified.isEmpty()) {
          s.execute("LOCK TABLE " + String.join(", ", qualified) + " IN ACCESS SHARE MODE");
        }
        s.execute("SET LOCAL lock_timeout = 0");
      }
      try (FileChannel channel =
              FileChannel.open(
                  part,
                  Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
          BufferedOutputStream buffered =
              new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
          ZipOutputStream zip = new ZipOutputStream(buffered)) {
        zip.setLevel(Deflater.BEST_SPEED);
        manifest = writeTables(c, zip, clock, before);
        zip.finish();
        buffered.flush();
        channel.force(true);
      }
      c.commit();
    } catch (Exception | Error e) {
      Files.deleteIfExists(part);
      throw e;
    }
    Files.move(part, to, StandardCopyOption.ATOMIC_MOVE);
    return manifest;
  }

  private static List<String> tableNames(Connection c) throws SQLException {
    return SchemaCatalog.tables(c).stream().map(Table::name).toList();
  }

  private static BackupManifest writeTables(
      Connection c, ZipOutputStream zip, Clock clock, List<String> locked) throws Exception {
    String schema = SchemaCatalog.schema(c);
    List<Table> tables = SchemaCatalog.tables(c);
    if (!tables.stream().map(Table::name).toList().equals(locked)) {
      throw new CommandRefused("the schema changed while the backup started: run it again");
    }
    if (tables.stream().noneMatch(t -> t.name().equals(SchemaCatalog.KERNEL_HISTORY))) {
      throw new CommandRefused(
          "no Can Tho IOC schema in this database (no "
              + SchemaCatalog.KERNEL_HISTORY
              + " in schema "
              + schema
              + ")");
    }
    String kernel = newestVersion(c, schema, SchemaCatalog.KERNEL_HISTORY);
    Map<String, String> features = new TreeMap<>();
    for (Table t : tables) {
      String feature = SchemaCatalog.featureOfHistory(t.name());
      if (feature != null) {
        features.put(feature, newestVersion(c, schema, t.name()));
      }
    }
    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
    List<BackupManifest.Table> written = new ArrayList<>();
    for (Table t : tables) {
      if (SchemaCatalog.isHistory(t.name())) {
        continue; // the restore's migrations write their own, up to the versions above
      }
      Format format = t.binarySafe() ? Format.BINARY : Format.TEXT;
      String entry = "tables/%04d.copy".formatted(written.size() + 1);
      zip.putNextEntry(new ZipEntry(entry));
      HashingStream out = new HashingStream(zip);
      long rows =
          copy.copyOut(
              "COPY (SELECT "
                  + columnList(c, t.columns())
                  + " FROM "
                  + SchemaCatalog.qualified(c, schema, t.name())
                  + ") TO STDOUT (FORMAT "
                  + format.name().toLowerCase(java.util.Locale.ROOT)
                  + ")",
              out);
      zip.closeEntry();
      written.add(
          new BackupManifest.Table(
              t.name(),
              t.partitioned(),
              format,
              entry,
              t.columns(),
              rows,
              out.bytes(),
              out.sha256()));
    }
    List<BackupManifest.Sequence> sequences = new ArrayList<>();
    for (String name : SchemaCatalog.sequences(c)) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT last_value, is_called FROM "
                      + SchemaCatalog.qualified(c, schema, name))) {
        rs.next();
        sequences.add(new BackupManifest.Sequence(name, rs.getLong(1), rs.getBoolean(2)));
      }
    }
    BackupManifest manifest =
        new BackupManifest(
            clock.instant(),
            serverVersion(c),
            schema,
            kernel,
            features,
            written,
            SchemaCatalog.partitions(c),
            sequences);
    zip.putNextEntry(new ZipEntry(MANIFEST));
    zip.write(manifest.toJson());
    zip.closeEntry();
    return manifest;
  }

  static String columnList(Connection c, List<BackupManifest.Column> columns) throws SQLException {
    List<String> quoted = new ArrayList<>();
    for (BackupManifest.Column column : columns) {
      quoted.add(SchemaCatalog.quoted(c, column.name()));
    }
    return quoted.stream().collect(Collectors.joining(", "));
  }

  /** The newest successful migration a history table records. */
  private static String newestVersion(Connection c, String schema, String history)
      throws SQLException {
    MigrationVersion newest = null;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM "
                    + SchemaCatalog.qualified(c, schema, history)
                    + " WHERE success AND version IS NOT NULL")) {
      while (rs.next()) {
        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
        if (newest == null || v.compareTo(newest) > 0) {
          newest = v;
        }
      }
    }
    if (newest == null) {
      throw new CommandRefused(history + " records no migration: not a usable IOC schema");
    }
    return newest.getVersion();
  }

  private static String serverVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT 'PostgreSQL ' || current_setting('server_version')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Counts and hashes what passes into the zip entry, which it never closes. */
  static final class HashingStream extends FilterOutputStream {
    private final MessageDigest digest;
    private long bytes;

    HashingStream(OutputStream out) {
      super(out);
      this.digest = sha256Digest();
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      bytes += len;
    }

    @Override
    public void close() {
      // the zip entry is closed by the writer
    }

    long bytes() {
      return bytes;
    }

    String sha256() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
