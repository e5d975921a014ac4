package vn.cantho.ioc.deploy;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.feature.FeatureMigrations;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DatabaseConfig;
import vn.cantho.ioc.deploy.BackupManifest.Column;
import vn.cantho.ioc.deploy.BackupManifest.Partition;
import vn.cantho.ioc.deploy.BackupManifest.Sequence;
import vn.cantho.ioc.deploy.BackupManifest.Table;
import vn.cantho.ioc.deploy.SchemaCatalog.Relation;

/**
 * Loads a checked archive into an empty database (ADR 0021): the schema is built by this code's
 * migrations up to the archive's versions (kernel, then each feature the archive holds), what the
 * migrations seeded is emptied, the partitions the archive had are created, and every table is
 * copied back in one transaction with triggers and foreign-key checks off (the rows are a
 * consistent snapshot already), the sequences set where they were.
 */
final class DatabaseRestore {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseRestore.class);

  /** A value of a partition bound as {@code pg_get_expr} prints it; no quote can end early. */
  private static final String VALUE =
      "(?:'(?:[^'\\\\]|'')*'|MINVALUE|MAXVALUE|NULL|true|false|-?[0-9]+(?:\\.[0-9]+)?)";

  private static final String VALUES = VALUE + "(?:, " + VALUE + ")*";

  /**
   * The bounds PostgreSQL prints; the archive is a file anyone could have written, and a bound is
   * the one piece of SQL taken from it, so nothing else is let through.
   */
  private static final Pattern BOUND =
      Pattern.compile(
          "DEFAULT|FOR VALUES FROM \\("
              + VALUES
              + "\\) TO \\("
              + VALUES
              + "\\)|FOR VALUES IN \\("
              + VALUES
              + "\\)|FOR VALUES WITH \\(modulus [0-9]+, remainder [0-9]+\\)");

  private static final Pattern PARTITION_KEY =
      Pattern.compile("(?:RANGE|LIST|HASH) \\([a-z_][a-z0-9_]*(?:, [a-z_][a-z0-9_]*)*\\)");

  /** How long sessions that are ending may take to leave before the restore is refused. */
  private static final Duration SESSIONS_GRACE = Duration.ofSeconds(2);

  private static final Duration SESSIONS_POLL = Duration.ofMillis(100);

  /** The version {@code FeatureMigrations} baselines a feature's history at. */
  private static final String BASELINE = "0";

  private DatabaseRestore() {}

  /**
   * Restores the archive into the database.
   *
   * @param replace drop everything in the schema first when it is not empty
   * @param features the features this IOC has: the archive's must be among them
   * @throws CommandRefused when the archive cannot be restored here, before anything changed unless
   *     the message says otherwise
   */
  static void restore(
      DatabaseConfig config, BackupArchive archive, boolean replace, List<IocFeature> features)
      throws Exception {
    BackupManifest m = archive.manifest();
    requireFeatures(m, features);
    DataSource flyway = BackupConnections.dataSource(config);
    try (Connection c = BackupConnections.open(config, "ioc-restore")) {
      String schema = SchemaCatalog.schema(c);
      // First, before Flyway's own connections: one it just closed may still be listed.
      refuseOtherSessions(c);
      requireKnown("the kernel's", Database.migrations(flyway), m.kernelVersion(), false);
      for (Map.Entry<String, String> f : m.featureVersions().entrySet()) {
        requireKnown(
            "feature " + f.getKey() + "'s",
            FeatureMigrations.configuration(flyway, f.getKey()),
            f.getValue(),
            true);
      }
      Map<String, Relation> existing = SchemaCatalog.relations(c);
      if (!existing.isEmpty()) {
        if (!replace) {
          throw new CommandRefused(
              "the database is not empty (schema "
                  + schema
                  + " has "
                  + existing.size()
                  + " tables, views or sequences, e.g. "
                  + existing.keySet().stream().limit(3).collect(Collectors.joining(", "))
                  + "): restore into a new database, or add --replace to drop everything in it"
                  + " first, with every IOC node stopped");
        }
        dropEverything(c, schema, existing);
      }
      Database.migrations(flyway).target(m.kernelVersion()).load().migrate();
      for (Map.Entry<String, String> f : m.featureVersions().entrySet()) {
        FluentConfiguration feature = FeatureMigrations.configuration(flyway, f.getKey());
        if (f.getValue().equals(BASELINE)) {
          // a feature without migrations then: its history holds the baseline only
          feature.load().baseline();
        } else {
          feature.target(f.getValue()).load().migrate();
        }
      }
      requireSameTables(c, m);
      load(c, schema, archive);
      try (Statement s = c.createStatement()) {
        for (Table t : m.tables()) {
          s.execute("ANALYZE " + SchemaCatalog.qualified(c, schema, t.name()));
        }
      }
    }
  }

  /** Every feature whose tables the archive holds must be one of this IOC's. */
  static void requireFeatures(BackupManifest m, List<IocFeature> features) {
    Set<String> installed =
        features.stream().map(IocFeature::id).collect(Collectors.toCollection(TreeSet::new));
    for (String feature : m.featureVersions().keySet()) {
      if (!installed.contains(feature)) {
        throw new CommandRefused(
            "the archive holds the tables of feature "
                + feature
                + ", which this IOC does not have (it has "
                + String.join(", ", installed)
                + ")");
      }
    }
  }

  /**
   * The archive's version must be one of this code's migrations (a feature's may be its baseline,
   * 0): an archive of a newer IOC has tables this code cannot make.
   */
  private static void requireKnown(
      String whose, FluentConfiguration migrations, String archived, boolean baselineAllowed) {
    MigrationVersion version = MigrationVersion.fromVersion(archived);
    MigrationVersion newest = null;
    Set<MigrationVersion> known = new HashSet<>();
    for (MigrationInfo info : migrations.load().info().all()) {
      if (info.getVersion() != null && info.getState().isResolved()) {
        known.add(info.getVersion());
        if (newest == null || info.getVersion().compareTo(newest) > 0) {
          newest = info.getVersion();
        }
      }
    }
    if (newest != null && version.compareTo(newest) > 0) {
      throw new CommandRefused(
          "the archive's schema is newer than this IOC: "
              + whose
              + " migrations are at version "
              + archived
              + " in it, this IOC has them up to "
              + newest
              + "; restore it with the IOC version that made it, or a newer one");
    }
    if (!known.contains(version) && !(baselineAllowed && archived.equals(BASELINE))) {
      throw new CommandRefused(
          "this IOC has no version "
              + archived
              + " of "
              + whose
              + " migrations, which the archive"
              + " was taken at");
    }
  }

  /**
   * Nothing else may use the database while it is rebuilt: a node would write into tables being
   * emptied, or find them half loaded. A client that has just disconnected (a node stopped a moment
   * ago) stays listed until its server process has exited, so sessions get {@link #SESSIONS_GRACE}
   * to go before the restore is refused.
   */
  private static void refuseOtherSessions(Connection c) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + SESSIONS_GRACE.toNanos();
    while (true) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*), string_agg(DISTINCT coalesce(nullif(application_name, ''),"
                      + " usename::text, '?'), ', ') FROM pg_stat_activity"
                      + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                      + " AND backend_type = 'client backend'")) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new CommandRefused(
              rs.getLong(1)
                  + " other sessions are connected to this database ("
                  + rs.getString(2)
                  + "): stop every IOC node and other client first");
        }
      }
      Thread.sleep(SESSIONS_POLL.toMillis());
    }
  }

  /**
   * {@code --replace}: every table, view, sequence, function and type of the schema but an
   * extension's, dropped in one transaction; the schema itself, its owner and grants stay.
   */
  private static void dropEverything(Connection c, String schema, Map<String, Relation> existing)
      throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      List<Relation> order = new ArrayList<>(existing.values());
      order.removeIf(Relation::isPartition); // dropped with their tables
      order.sort((a, b) -> Integer.compare("vmfrpS".indexOf(a.kind()), "vmfrpS".indexOf(b.kind())));
      for (Relation r : order) {
        String what =
            switch (r.kind()) {
              case 'v' -> "VIEW";
              case 'm' -> "MATERIALIZED VIEW";
              case 'f' -> "FOREIGN TABLE";
              case 'S' -> "SEQUENCE";
              default -> "TABLE";
            };
        s.execute(
            "DROP "
                + what
                + " IF EXISTS "
                + SchemaCatalog.qualified(c, schema, r.name())
                + " CASCADE");
      }
      for (String drop : SchemaCatalog.dropRoutinesAndTypes(c)) {
        s.execute(drop);
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    Map<String, Relation> left = SchemaCatalog.relations(c);
    if (!left.isEmpty()) {
      throw new CommandRefused("could not empty schema " + schema + ": " + left.keySet() + " left");
    }
    LOG.info("Dropped {} tables, views and sequences of schema {}", existing.size(), schema);
  }

  /**
   * After the migrations the schema must have the archive's tables with the same columns: else the
   * archive was not taken from a schema these migrations make (changed by hand, or a mismatch of
   * this code), and loading it would put values in the wrong places.
   */
  private static void requireSameTables(Connection c, BackupManifest m) throws SQLException {
    Map<String, List<Column>> here = new HashMap<>();
    for (SchemaCatalog.Table t : SchemaCatalog.tables(c)) {
      if (!SchemaCatalog.isHistory(t.name())) {
        here.put(t.name(), t.columns());
      }
    }
    Set<String> archived = new TreeSet<>();
    for (Table t : m.tables()) {
      archived.add(t.name());
      List<Column> columns = here.get(t.name());
      if (columns != null && !new HashSet<>(columns).equals(new HashSet<>(t.columns()))) {
        throw mismatch(
            "table " + t.name() + " has columns " + columns + ", the archive's " + t.columns());
      }
    }
    if (!archived.equals(new TreeSet<>(here.keySet()))) {
      Set<String> missing = new TreeSet<>(archived);
      missing.removeAll(here.keySet());
      Set<String> extra = new TreeSet<>(here.keySet());
      extra.removeAll(archived);
      throw mismatch("tables only in the archive: " + missing + ", only here: " + extra);
    }
    Set<String> sequences = new TreeSet<>(SchemaCatalog.sequences(c));
    Set<String> archivedSequences = new TreeSet<>();
    m.sequences().forEach(s -> archivedSequences.add(s.name()));
    if (!sequences.equals(archivedSequences)) {
      throw mismatch("sequences here " + sequences + ", in the archive " + archivedSequences);
    }
  }

  private static CommandRefused mismatch(String detail) {
    return new CommandRefused(
        "the migrations of the archive's versions do not make the archive's schema ("
            + detail
            + "); the database now holds that empty schema: restore into a new one, or again"
            + " with --replace, with the IOC version that made the archive");
  }

  /** The rows, in one transaction: all or nothing. */
  private static void load(Connection c, String schema, BackupArchive archive) throws Exception {
    BackupManifest m = archive.manifest();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      replicaRole(s);
      createPartitions(c, schema, m.partitions());
      List<String> tables = new ArrayList<>();
      for (Table t : m.tables()) {
        tables.add(SchemaCatalog.qualified(c, schema, t.name()));
      }
      if (!tables.isEmpty()) {
        // what the migrations seeded (rule profiles, …) gives way to the archive's rows
        s.execute("TRUNCATE " + String.join(", ", tables));
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (Table t : m.tables()) {
        copyIn(c, copy, schema, archive, t);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
        for (Sequence seq : m.sequences()) {
          ps.setString(1, SchemaCatalog.qualified(c, schema, seq.name()));
          ps.setLong(2, seq.lastValue());
          ps.setBoolean(3, seq.isCalled());
          ps.execute();
        }
      }
      c.commit();
    } catch (Exception | Error e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * Triggers off for this transaction: foreign keys are triggers too, so tables load in any order
   * (a row may refer to one loaded later, or to itself), and no trigger rewrites a restored row (a
   * timestamp, the users' token generation) or refuses it (the audit log's no-truncate).
   */
  private static void replicaRole(Statement s) {
    try {
      s.execute("SET LOCAL session_replication_role = replica");
    } catch (SQLException e) {
      throw new CommandRefused(
          "restore needs a role that may set session_replication_role: a superuser, or on"
              + " PostgreSQL 15+ one granted it (GRANT SET ON PARAMETER session_replication_role"
              + " TO ioc); "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The archive's partitions that the migrations did not make, parents first. Under a table that is
   * not partitioned here (a TimescaleDB hypertable) there is nothing to make: its rows go in
   * through the table.
   */
  private static void createPartitions(Connection c, String schema, List<Partition> partitions)
      throws SQLException {
    Map<String, Relation> here = SchemaCatalog.relations(c);
    Map<String, String> parents = SchemaCatalog.parents(c);
    try (Statement s = c.createStatement()) {
      for (Partition p : partitions) {
        if (!BOUND.matcher(p.bound()).matches()
            || (p.partitionKey() != null && !PARTITION_KEY.matcher(p.partitionKey()).matches())) {
          throw new CommandRefused(
              "the archive's partition "
                  + p.name()
                  + " has a bound or key this IOC does not make: "
                  + p.bound()
                  + (p.partitionKey() == null ? "" : " PARTITION BY " + p.partitionKey()));
        }
        Relation parent = here.get(p.parent());
        if (here.containsKey(p.name())) {
          if (!p.parent().equals(parents.get(p.name()))) {
            throw mismatch(p.name() + " is not a partition of " + p.parent() + " here");
          }
          continue;
        }
        if (parent == null || parent.kind() != 'p') {
          continue;
        }
        s.execute(
            "CREATE TABLE "
                + SchemaCatalog.qualified(c, schema, p.name())
                + " PARTITION OF "
                + SchemaCatalog.qualified(c, schema, p.parent())
                + " "
                + p.bound()
                + (p.partitionKey() == null ? "" : " PARTITION BY " + p.partitionKey()));
        here.put(p.name(), new Relation(p.name(), p.partitionKey() == null ? 'r' : 'p', true));
        parents.put(p.name(), p.parent());
      }
    }
  }

  /** One table's rows through COPY, checked against the manifest once more as they stream. */
  private static void copyIn(
      Connection c, CopyManager copy, String schema, BackupArchive archive, Table t)
      throws Exception {
    MessageDigest digest = DatabaseBackup.sha256Digest();
    long rows;
    try (InputStream in = new DigestInputStream(archive.table(t), digest)) {
      rows =
          copy.copyIn(
              "COPY "
                  + SchemaCatalog.qualified(c, schema, t.name())
                  + " ("
                  + DatabaseBackup.columnList(c, t.columns())
                  + ") FROM STDIN (FORMAT "
                  + t.format().name().toLowerCase(Locale.ROOT)
                  + ")",
              in);
    }
    if (!HexFormat.of().formatHex(digest.digest()).equals(t.sha256()) || rows != t.rows()) {
      throw new CommandRefused(
          "table "
              + t.name()
              + ": "
              + rows
              + " rows loaded, the manifest says "
              + t.rows()
              + " (or its data changed while read); nothing was restored, the database holds the"
              + " empty schema: restore again with --replace");
    }
  }
}
