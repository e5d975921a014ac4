package vn.cantho.ioc.deploy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backup archive holds ({@code manifest.json}, ADR 0021): the schema versions it was taken
 * at, and for each table its columns, row count, and the size and SHA-256 of its COPY stream; the
 * partitions to create before loading, and the sequences' positions.
 *
 * @param kernelVersion the newest kernel migration applied ({@code flyway_schema_history})
 * @param featureVersions each feature's newest migration, by feature id ({@code "0"}: baseline)
 */
record BackupManifest(
    Instant createdAt,
    String server,
    String schema,
    String kernelVersion,
    Map<String, String> featureVersions,
    List<Table> tables,
    List<Partition> partitions,
    List<Sequence> sequences) {

  static final String FORMAT = "cantho-ioc-backup";
  static final int FORMAT_VERSION = 1;

  /** COPY's binary format, exact and fast; text for columns whose binary form names type ids. */
  enum Format {
    BINARY,
    TEXT
  }

  record Column(String name, String type) {}

  /**
   * A table whose rows are one COPY stream: an ordinary table, or a partitioned one with the rows
   * of all its partitions.
   */
  record Table(
      String name,
      boolean partitioned,
      Format format,
      String entry,
      List<Column> columns,
      long rows,
      long bytes,
      String sha256) {}

  /**
   * A partition to create before the rows are loaded through its root.
   *
   * @param bound as {@code pg_get_expr(relpartbound)} printed it ({@code FOR VALUES …}, {@code
   *     DEFAULT})
   * @param partitionKey for a partition that is partitioned itself, its key ({@code RANGE (ts)});
   *     else null
   */
  record Partition(String name, String parent, String bound, String partitionKey) {}

  record Sequence(String name, long lastValue, boolean isCalled) {}

  BackupManifest {
    featureVersions = Collections.unmodifiableMap(new TreeMap<>(featureVersions));
    tables = List.copyOf(tables);
    partitions = List.copyOf(partitions);
    sequences = List.copyOf(sequences);
  }

  long rows() {
    return tables.stream().mapToLong(Table::rows).sum();
  }

  /** "19 (flood 1, traffic 1)". */
  String versions() {
    List<String> features = new ArrayList<>();
    featureVersions.forEach((id, v) -> features.add(id + " " + v));
    return kernelVersion + (features.isEmpty() ? "" : " (" + String.join(", ", features) + ")");
  }

  byte[] toJson() {
    JsonArray tableArray = new JsonArray();
    for (Table t : tables) {
      JsonArray columns = new JsonArray();
      t.columns()
          .forEach(c -> columns.add(new JsonObject().put("name", c.name()).put("type", c.type())));
      tableArray.add(
          new JsonObject()
              .put("name", t.name())
              .put("partitioned", t.partitioned())
              .put("format", t.format().name().toLowerCase(java.util.Locale.ROOT))
              .put("entry", t.entry())
              .put("columns", columns)
              .put("rows", t.rows())
              .put("bytes", t.bytes())
              .put("sha256", t.sha256()));
    }
    JsonArray partitionArray = new JsonArray();
    for (Partition p : partitions) {
      partitionArray.add(
          new JsonObject()
              .put("name", p.name())
              .put("parent", p.parent())
              .put("bound", p.bound())
              .put("partitionKey", p.partitionKey()));
    }
    JsonArray sequenceArray = new JsonArray();
    for (Sequence s : sequences) {
      sequenceArray.add(
          new JsonObject()
              .put("name", s.name())
              .put("lastValue", s.lastValue())
              .put("isCalled", s.isCalled()));
    }
    JsonObject features = new JsonObject();
    featureVersions.forEach(features::put);
    return new JsonObject()
        .put("format", FORMAT)
        .put("formatVersion", FORMAT_VERSION)
        .put("createdAt", createdAt.toString())
        .put("server", server)
        .put("schema", schema)
        .put("migrations", new JsonObject().put("kernel", kernelVersion).put("features", features))
        .put("tables", tableArray)
        .put("partitions", partitionArray)
        .put("sequences", sequenceArray)
        .encodePrettily()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a manifest, every field checked for presence and type.
   *
   * @throws CommandRefused when it is not one this code wrote
   */
  static BackupManifest fromJson(byte[] json) {
    try {
      JsonObject m = new JsonObject(new String(json, StandardCharsets.UTF_8));
      if (!FORMAT.equals(m.getString("format"))) {
        throw new CommandRefused("not a Can Tho IOC backup (its manifest names no " + FORMAT + ")");
      }
      Integer version = m.getInteger("formatVersion");
      if (version == null || version != FORMAT_VERSION) {
        throw new CommandRefused(
            "the archive is in backup format "
                + version
                + ", this IOC reads format "
                + FORMAT_VERSION
                + ": restore it with the IOC version that wrote it");
      }
      JsonObject migrations = object(m, "migrations");
      Map<String, String> features = new TreeMap<>();
      object(migrations, "features").forEach(e -> features.put(e.getKey(), (String) e.getValue()));
      List<Table> tables = new ArrayList<>();
      for (Object o : array(m, "tables")) {
        JsonObject t = (JsonObject) o;
        List<Column> columns = new ArrayList<>();
        for (Object c : array(t, "columns")) {
          JsonObject column = (JsonObject) c;
          columns.add(new Column(string(column, "name"), string(column, "type")));
        }
        tables.add(
            new Table(
                string(t, "name"),
                bool(t, "partitioned"),
                Format.valueOf(string(t, "format").toUpperCase(java.util.Locale.ROOT)),
                string(t, "entry"),
                columns,
                number(t, "rows"),
                number(t, "bytes"),
                string(t, "sha256")));
      }
      List<Partition> partitions = new ArrayList<>();
      for (Object o : array(m, "partitions")) {
        JsonObject p = (JsonObject) o;
        partitions.add(
            new Partition(
                string(p, "name"),
                string(p, "parent"),
                string(p, "bound"),
                p.getString("partitionKey")));
      }
      List<Sequence> sequences = new ArrayList<>();
      for (Object o : array(m, "sequences")) {
        JsonObject s = (JsonObject) o;
        sequences.add(new Sequence(string(s, "name"), number(s, "lastValue"), bool(s, "isCalled")));
      }
      return new BackupManifest(
          Instant.parse(string(m, "createdAt")),
          string(m, "server"),
          string(m, "schema"),
          string(migrations, "kernel"),
          features,
          tables,
          partitions,
          sequences);
    } catch (DecodeException
        | ClassCastException
        | IllegalArgumentException
        | DateTimeParseException e) {
      throw new CommandRefused("the archive's manifest is damaged: " + e.getMessage(), e);
    }
  }

  private static JsonObject object(JsonObject o, String key) {
    return require(o.getJsonObject(key), key);
  }

  private static JsonArray array(JsonObject o, String key) {
    return require(o.getJsonArray(key), key);
  }

  private static String string(JsonObject o, String key) {
    return require(o.getString(key), key);
  }

  private static long number(JsonObject o, String key) {
    return require(o.getLong(key), key);
  }

  private static boolean bool(JsonObject o, String key) {
    return require(o.getBoolean(key), key);
  }

  private static <T> T require(T value, String key) {
    if (value == null) {
      throw new IllegalArgumentException("no " + key);
    }
    return value;
  }
}
