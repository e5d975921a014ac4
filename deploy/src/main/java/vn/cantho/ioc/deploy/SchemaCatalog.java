package vn.cantho.ioc.deploy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import vn.cantho.ioc.deploy.BackupManifest.Column;
import vn.cantho.ioc.deploy.BackupManifest.Partition;

/**
 * What the schema holds, read from PostgreSQL's catalog rather than from a list of ours, so that a
 * table added or reshaped by a later migration (or a feature's) is backed up without a change here:
 * the tables of the connection's schema ({@code current_schema()}), their partitions and sequences,
 * without views (they hold no rows and the migrations make them) or what an extension owns.
 */
final class SchemaCatalog {
  /** The kernel's migration history ({@code Database.migrations}: Flyway's default table). */
  static final String KERNEL_HISTORY = "flyway_schema_history";

  /** A feature's migration history ({@code FeatureMigrations.historyTable}). */
  private static final Pattern FEATURE_HISTORY =
      Pattern.compile("flyway_([a-z][a-z0-9_]*)_history");

  /** Not an extension's object (TimescaleDB puts functions in the schema it is created in). */
  private static final String NOT_EXTENSION_MEMBER =
      " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '%s'::regclass"
          + " AND d.objid = %s AND d.deptype = 'e')";

  private static final String IN_SCHEMA =
      "(SELECT n.oid FROM pg_namespace n WHERE n.nspname = current_schema())";

  private SchemaCatalog() {}

  /** A table whose rows are one COPY stream; see {@link BackupManifest.Table}. */
  record Table(
      long oid, String name, boolean partitioned, boolean binarySafe, List<Column> columns) {}

  /** A relation of the schema, for the emptiness check and the drop before a replace. */
  record Relation(String name, char kind, boolean isPartition) {}

  static String schema(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_schema()")) {
      rs.next();
      String schema = rs.getString(1);
      if (schema == null) {
        throw new CommandRefused(
            "the database has no schema on its search_path to back up or restore into");
      }
      return schema;
    }
  }

  /** The feature id of a migration history table's name; null for any other table. */
  static String featureOfHistory(String table) {
    if (table.equals(KERNEL_HISTORY)) {
      return null;
    }
    Matcher m = FEATURE_HISTORY.matcher(table);
    return m.matches() ? m.group(1) : null;
  }

  static boolean isHistory(String table) {
    return table.equals(KERNEL_HISTORY) || featureOfHistory(table) != null;
  }

  /**
   * Every table that is not a partition, in name order: ordinary and partitioned ones, migration
   * histories included (the caller decides). A table under TimescaleDB is a hypertable whose chunks
   * live in another schema; reading it reads them. Plain inheritance inside the schema is refused:
   * rows read through a parent could not be written back into its children.
   */
  static List<Table> tables(Connection c) throws SQLException {
    List<Table> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.oid, c.relname, c.relkind = 'p',"
                    + " EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)"
                    + " FROM pg_class c WHERE c.relnamespace = "
                    + IN_SCHEMA
                    + " AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
                    + NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid")
                    + " ORDER BY c.relname")) {
      while (rs.next()) {
        if (rs.getBoolean(4)) {
          throw new CommandRefused(
              "table "
                  + rs.getString(2)
                  + " inherits from another table (not as a partition): not supported");
        }
        tables.add(new Table(rs.getLong(1), rs.getString(2), rs.getBoolean(3), true, List.of()));
      }
    }
    List<Table> withColumns = new ArrayList<>();
    for (Table t : tables) {
      withColumns.add(columns(c, t));
    }
    return withColumns;
  }

  /**
   * The table's stored columns in their order (generated ones are computed again on load), and
   * whether COPY's binary form can carry them into another database: built-in types, enums (sent as
   * their labels) and domains over built-in types; arrays and composites of our own types carry
   * their type's oid, which differs between databases, so such a table goes as text.
   */
  private static Table columns(Connection c, Table t) throws SQLException {
    List<Column> columns = new ArrayList<>();
    boolean binarySafe = true;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                + " t.oid < 16384 OR t.typtype = 'e' OR (t.typtype = 'd' AND t.typbasetype < 16384)"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.attgenerated = '' ORDER BY a.attnum")) {
      ps.setLong(1, t.oid());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(new Column(rs.getString(1), rs.getString(2)));
          binarySafe &= rs.getBoolean(3);
        }
      }
    }
    return new Table(t.oid(), t.name(), t.partitioned(), binarySafe, List.copyOf(columns));
  }

  /** Every partition of the schema's tables, parents before their own partitions. */
  static List<Partition> partitions(Connection c) throws SQLException {
    List<Partition> partitions = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid),"
                    + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
                    + " p.relnamespace = c.relnamespace"
                    + " FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid"
                    + " JOIN pg_class p ON p.oid = i.inhparent"
                    + " WHERE c.relnamespace = "
                    + IN_SCHEMA
                    + " AND c.relkind IN ('r', 'p') AND c.relispartition" // not indexes'
                    + " ORDER BY (SELECT count(*) FROM pg_partition_ancestors(c.oid)), c.relname")) {
      while (rs.next()) {
        if (!rs.getBoolean(5)) {
          throw new CommandRefused(
              "partition " + rs.getString(1) + " belongs to a table of another schema");
        }
        partitions.add(
            new Partition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return partitions;
  }

  /** The schema's sequences (serial and identity columns' included), in name order. */
  static List<String> sequences(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname FROM pg_class c WHERE c.relnamespace = "
                    + IN_SCHEMA
                    + " AND c.relkind = 'S'"
                    + NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid")
                    + " ORDER BY c.relname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Every relation of the schema but an extension's: tables, partitions, views, sequences. */
  static Map<String, Relation> relations(Connection c) throws SQLException {
    Map<String, Relation> relations = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT c.relname, c.relkind, c.relispartition FROM pg_class c"
                    + " WHERE c.relnamespace = "
                    + IN_SCHEMA
                    + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                    + NOT_EXTENSION_MEMBER.formatted("pg_class", "c.oid")
                    + " ORDER BY c.relname")) {
      while (rs.next()) {
        String name = rs.getString(1);
        relations.put(name, new Relation(name, rs.getString(2).charAt(0), rs.getBoolean(3)));
      }
    }
    return relations;
  }

  /** The parent of each partition of the schema, by partition name. */
  static Map<String, String> parents(Connection c) throws SQLException {
    Map<String, String> parents = new LinkedHashMap<>();
    for (Partition p : partitions(c)) {
      parents.put(p.name(), p.parent());
    }
    return parents;
  }

  /**
   * Functions, procedures and types of the schema that are not an extension's, as SQL that drops
   * each ({@code regprocedure}/{@code regtype} print names PostgreSQL reads back).
   */
  static List<String> dropRoutinesAndTypes(Connection c) throws SQLException {
    List<String> drops = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = "
                    + IN_SCHEMA
                    + " AND p.prokind IN ('f', 'p')"
                    + NOT_EXTENSION_MEMBER.formatted("pg_proc", "p.oid"))) {
      while (rs.next()) {
        drops.add("DROP ROUTINE IF EXISTS " + rs.getString(1) + " CASCADE");
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT t.oid::regtype::text, t.typtype FROM pg_type t WHERE t.typnamespace = "
                    + IN_SCHEMA
                    + " AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND"
                    + " (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c'))"
                    + NOT_EXTENSION_MEMBER.formatted("pg_type", "t.oid"))) {
      while (rs.next()) {
        drops.add(
            ("d".equals(rs.getString(2)) ? "DROP DOMAIN IF EXISTS " : "DROP TYPE IF EXISTS ")
                + rs.getString(1)
                + " CASCADE");
      }
    }
    return drops;
  }

  /** {@code "schema"."name"}, each quoted by the driver. */
  static String qualified(Connection c, String schema, String name) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    return pg.escapeIdentifier(schema) + "." + pg.escapeIdentifier(name);
  }

  static String quoted(Connection c, String name) throws SQLException {
    return c.unwrap(PGConnection.class).escapeIdentifier(name);
  }
}
