package vn.cantho.ioc.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Creates (with deep insert and links), updates and deletes integrators' entities (§10) in one
 * transaction each. Every row written carries its owner, the credential that wrote it; a row of the
 * IOC's own projection or of another owner cannot be changed through this API. Observations of the
 * IOC's devices do not come here: {@link IocObservations} sends them through ingest.
 */
public final class StaWriter {
  private static final Pattern CHILD_KEY = Pattern.compile("c\\.(\\w+) = p\\.id");

  /** A new entity: where it is and its id. */
  public record Created(EntitySet set, long id) {}

  private final DataSource data;
  private final Clock clock;

  public StaWriter(DataSource data, Clock clock) {
    this.data = data;
    this.clock = clock;
  }

  /** POST to a collection, with the link its path implies ({@code Datastreams(5)/Observations}). */
  public Created create(ResourcePath path, JsonObject body, String owner) throws SQLException {
    if (path.single() || path.property() != null || path.ref() || path.steps().size() > 2) {
      throw new StaException(405, "Chỉ tạo trong một tập / create in a collection only");
    }
    return inTransaction(
        c -> {
          Map<String, Object> implied = new HashMap<>();
          ResourcePath.Step last = path.last();
          Long parent = path.steps().size() == 2 ? path.steps().get(0).id() : null;
          EntitySet.Navigation via = last.via();
          Matcher key = via == null ? null : CHILD_KEY.matcher(via.condition());
          if (via != null && key.matches()) {
            EntitySet parentSet = path.steps().get(0).set();
            requireWritable(c, parentSet, parent, owner, parentSet == EntitySet.DATASTREAMS);
            implied.put(key.group(1), parent);
          }
          long id = create(c, last.set(), body, implied, owner);
          if (via != null && !key.matches()) {
            link(c, path.steps().get(0).set(), parent, via, id, owner);
          }
          return new Created(last.set(), id);
        });
  }

  /** PATCH (or PUT, {@code replace}) of one entity's properties and to-one links by id. */
  public void update(ResourcePath path, JsonObject body, String owner, boolean replace)
      throws SQLException {
    EntitySet set = path.target();
    long id = oneById(path);
    inTransaction(
        c -> {
          requireWritable(c, set, id, owner, false);
          List<String> assignments = new ArrayList<>();
          List<Object> params = new ArrayList<>();
          for (EntitySet.Property p : set.properties()) {
            if (body.containsKey(p.name())) {
              assignments.add(p.column() + " = " + placeholder(p));
              params.add(columnValue(p, body.getValue(p.name())));
              if (p.kind() == EntitySet.Kind.INTERVAL) {
                assignments.add(p.endColumn() + " = ?");
                params.add(intervalEnd(body.getValue(p.name())));
              }
            } else if (replace && p.required()) {
              throw StaException.badRequest("Thiếu / missing " + p.name());
            }
          }
          List<Long> newLocations = null;
          for (String name : body.fieldNames()) {
            if (set.property(name).isPresent() || name.startsWith("@iot.")) {
              continue;
            }
            EntitySet.Navigation n =
                set.navigation(name)
                    .orElseThrow(() -> StaException.badRequest("Không có / unknown: " + name));
            if (!n.many()) {
              JsonObject ref = object(body.getValue(name), name);
              assignments.add(n.foreignKey() + " = ?");
              params.add(existing(c, n.target(), ref));
            } else if (set == EntitySet.THINGS && n.name().equals("Locations")) {
              newLocations = new ArrayList<>();
              for (Object o : array(body.getValue(name), name)) {
                newLocations.add(existing(c, EntitySet.LOCATIONS, object(o, name)));
              }
            } else {
              throw StaException.badRequest(
                  "Chỉ liên kết bằng @iot.id / only links by @iot.id in an update: " + name);
            }
          }
          if (!assignments.isEmpty()) {
            params.add(id);
            execute(
                c,
                "UPDATE " + table(set) + " SET " + String.join(", ", assignments) + " WHERE id = ?",
                params);
          }
          if (newLocations != null) {
            execute(c, "DELETE FROM sta_thing_locations WHERE thing_id = ?", List.of(id));
            for (long location : newLocations) {
              linkThingLocation(c, id, location);
            }
            historicalLocation(c, id, newLocations, owner);
          }
          return null;
        });
  }

  /** DELETE of one entity, with what the model says cannot outlive it (§10.4). */
  public void delete(ResourcePath path, String owner) throws SQLException {
    EntitySet set = path.target();
    long id = oneById(path);
    inTransaction(
        c -> {
          requireWritable(c, set, id, owner, false);
          if (set == EntitySet.LOCATIONS) {
            execute(
                c,
                "DELETE FROM sta_historical_locations h USING"
                    + " sta_historical_location_locations l"
                    + " WHERE l.historical_location_id = h.id AND l.location_id = ?",
                List.of(id));
          }
          execute(c, "DELETE FROM " + table(set) + " WHERE id = ?", List.of(id));
          return null;
        });
  }

  /** The id of the one entity an update or delete addresses ({@code Things(5)}), else 405. */
  private static long oneById(ResourcePath path) {
    if (path.steps().size() != 1 || path.last().id() == null || path.property() != null) {
      throw new StaException(405, "Chỉ sửa hay xóa một thực thể theo id / one entity by id");
    }
    return path.last().id();
  }

  /** The table rows are written to: Observations are read through a view but stored in one. */
  private static String table(EntitySet set) {
    return set == EntitySet.OBSERVATIONS ? "sta_observations" : set.table;
  }

  private long create(
      Connection c, EntitySet set, JsonObject body, Map<String, Object> implied, String owner)
      throws SQLException {
    Map<String, Object> keys = new HashMap<>(implied);
    List<EntitySet.Navigation> later = new ArrayList<>();
    for (String name : body.fieldNames()) {
      if (set.property(name).isPresent() || name.startsWith("@iot.")) {
        continue;
      }
      EntitySet.Navigation n =
          set.navigation(name)
              .orElseThrow(() -> StaException.badRequest("Không có / unknown: " + name));
      if (n.many()) {
        later.add(n);
      } else {
        JsonObject value = object(body.getValue(name), name);
        long target =
            value.containsKey("@iot.id")
                ? existing(c, n.target(), value)
                : create(c, n.target(), value, Map.of(), owner);
        if (n.target() == EntitySet.THINGS || n.target() == EntitySet.DATASTREAMS) {
          requireWritable(c, n.target(), target, owner, n.target() == EntitySet.DATASTREAMS);
        }
        keys.put(n.foreignKey(), target);
      }
    }
    requireLinks(set, keys);
    if (set == EntitySet.OBSERVATIONS) {
      Object stream = keys.get("datastream_id");
      if (isIocStream(c, (Long) stream)) {
        throw StaException.badRequest(
            "Quan trắc của thiết bị IOC gửi riêng từng cái / post an IOC stream's Observations"
                + " one by one");
      }
      if (keys.get("feature_id") == null) {
        keys.put("feature_id", featureOfInterest(c, (Long) stream, owner));
      }
    }
    long id = insert(c, set, body, keys, owner);
    for (EntitySet.Navigation n : later) {
      for (Object o : array(body.getValue(n.name()), n.name())) {
        JsonObject child = object(o, n.name());
        Matcher key = CHILD_KEY.matcher(n.condition());
        if (key.matches()) {
          if (child.containsKey("@iot.id")) {
            long existing = existing(c, n.target(), child);
            requireWritable(c, n.target(), existing, owner, false);
            execute(
                c,
                "UPDATE " + table(n.target()) + " SET " + key.group(1) + " = ? WHERE id = ?",
                List.of(id, existing));
          } else {
            create(c, n.target(), child, Map.of(key.group(1), id), owner);
          }
        } else {
          long target =
              child.containsKey("@iot.id")
                  ? existing(c, n.target(), child)
                  : create(c, n.target(), child, Map.of(), owner);
          link(c, set, id, n, target, owner);
        }
      }
    }
    return id;
  }

  private static void requireLinks(EntitySet set, Map<String, Object> keys) {
    List<String> needed =
        switch (set) {
          case DATASTREAMS -> List.of("thing_id", "sensor_id", "observed_property_id");
          case OBSERVATIONS -> List.of("datastream_id");
          case HISTORICAL_LOCATIONS -> List.of("thing_id");
          default -> List.of();
        };
    for (String key : needed) {
      if (keys.get(key) == null) {
        throw StaException.badRequest(
            set.singular + " cần liên kết / needs its link: " + key.replace("_id", ""));
      }
    }
  }

  /** Links two existing rows through a link table, in either direction. */
  private void link(
      Connection c,
      EntitySet parentSet,
      long parent,
      EntitySet.Navigation n,
      long child,
      String owner)
      throws SQLException {
    if (parentSet == EntitySet.THINGS && n.target() == EntitySet.LOCATIONS) {
      linkThingLocation(c, parent, child);
      historicalLocation(c, parent, List.of(child), owner);
    } else if (parentSet == EntitySet.LOCATIONS && n.target() == EntitySet.THINGS) {
      linkThingLocation(c, child, parent);
      historicalLocation(c, child, List.of(parent), owner);
    } else if (parentSet == EntitySet.HISTORICAL_LOCATIONS) {
      execute(
          c,
          "INSERT INTO sta_historical_location_locations VALUES (?, ?)" + " ON CONFLICT DO NOTHING",
          List.of(parent, child));
    } else if (parentSet == EntitySet.LOCATIONS) {
      execute(
          c,
          "INSERT INTO sta_historical_location_locations VALUES (?, ?)" + " ON CONFLICT DO NOTHING",
          List.of(child, parent));
    } else {
      throw StaException.badRequest("Không liên kết được / cannot link " + n.name());
    }
  }

  private static void linkThingLocation(Connection c, long thing, long location)
      throws SQLException {
    execute(
        c,
        "INSERT INTO sta_thing_locations VALUES (?, ?) ON CONFLICT DO NOTHING",
        List.of(thing, location));
  }

  /** A Thing's locations changed: the history records where it is now (§8.2.3). */
  private void historicalLocation(Connection c, long thing, List<Long> locations, String owner)
      throws SQLException {
    long id =
        returningId(
            c,
            "INSERT INTO sta_historical_locations (thing_id, time, owner)"
                + " VALUES (?, ?, ?) RETURNING id",
            List.of(thing, Timestamp.from(clock.instant()), owner));
    for (long location : locations) {
      execute(
          c, "INSERT INTO sta_historical_location_locations VALUES (?, ?)", List.of(id, location));
    }
  }

  /**
   * The feature of interest an Observation without one gets (§8.2.8): its Thing's location, the
   * same feature for every Observation made there.
   */
  private static long featureOfInterest(Connection c, Long stream, String owner)
      throws SQLException {
    String sql =
        "SELECT l.id, l.name, l.description, l.encoding_type, l.location::text"
            + " FROM sta_datastreams d JOIN sta_thing_locations tl ON tl.thing_id = d.thing_id"
            + " JOIN sta_locations l ON l.id = tl.location_id WHERE d.id = ?"
            + " ORDER BY l.id LIMIT 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw StaException.badRequest(
              "Cần FeatureOfInterest: Thing chưa có vị trí / a FeatureOfInterest is needed,"
                  + " the Thing has no Location");
        }
        String properties = new JsonObject().put("fromLocation", rs.getLong(1)).encode();
        try (PreparedStatement find =
            c.prepareStatement(
                "SELECT id FROM sta_features WHERE properties @> ?::jsonb LIMIT 1")) {
          find.setString(1, properties);
          try (ResultSet f = find.executeQuery()) {
            if (f.next()) {
              return f.getLong(1);
            }
          }
        }
        return returningId(
            c,
            "INSERT INTO sta_features"
                + " (name, description, encoding_type, feature, properties, owner)"
                + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?) RETURNING id",
            List.of(
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                properties,
                owner));
      }
    }
  }

  private long insert(
      Connection c, EntitySet set, JsonObject body, Map<String, Object> keys, String owner)
      throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    for (EntitySet.Property p : set.properties()) {
      Object v = body.getValue(p.name());
      if (v == null && set == EntitySet.OBSERVATIONS && p.name().equals("phenomenonTime")) {
        v = EntityJson.time(clock.instant()); // §8.2.7: the server's time when not given
      }
      if (v == null && !(p.kind() == EntitySet.Kind.RESULT && body.containsKey(p.name()))) {
        if (p.required()) {
          throw StaException.badRequest(set.singular + " thiếu / is missing " + p.name());
        }
        continue;
      }
      columns.add(p.column());
      values.add(placeholder(p));
      params.add(columnValue(p, v));
      if (p.kind() == EntitySet.Kind.INTERVAL) {
        columns.add(p.endColumn());
        values.add("?");
        params.add(intervalEnd(v));
      }
    }
    keys.forEach(
        (column, value) -> {
          columns.add(column);
          values.add("?");
          params.add(value);
        });
    columns.add("owner");
    values.add("?");
    params.add(owner);
    return returningId(
        c,
        "INSERT INTO "
            + table(set)
            + " ("
            + String.join(", ", columns)
            + ") VALUES ("
            + String.join(", ", values)
            + ") RETURNING id",
        params);
  }

  private static String placeholder(EntitySet.Property p) {
    return p.kind() == EntitySet.Kind.JSON || p.kind() == EntitySet.Kind.RESULT ? "?::jsonb" : "?";
  }

  private static Object columnValue(EntitySet.Property p, Object v) {
    return switch (p.kind()) {
      case TEXT -> {
        if (!(v instanceof String)) {
          throw StaException.badRequest(p.name() + " phải là chuỗi / must be a string");
        }
        yield v;
      }
      case JSON -> {
        if (v == null) {
          yield null;
        }
        if ((p.name().equals("location") || p.name().equals("feature"))
            && !(v instanceof JsonObject g && g.getValue("type") instanceof String)) {
          throw StaException.badRequest(p.name() + " phải là GeoJSON / must be GeoJSON");
        }
        yield io.vertx.core.json.Json.encode(v);
      }
      case RESULT -> io.vertx.core.json.Json.encode(v);
      case TIME -> v == null ? null : Timestamp.from(ExprParser.instant(text(v, p.name())));
      case INTERVAL -> {
        String s = text(v, p.name());
        yield Timestamp.from(ExprParser.instant(s.contains("/") ? s.split("/")[0] : s));
      }
    };
  }

  private static Timestamp intervalEnd(Object v) {
    String s = String.valueOf(v);
    return s.contains("/") ? Timestamp.from(ExprParser.instant(s.split("/")[1])) : null;
  }

  private static String text(Object v, String name) {
    if (!(v instanceof String s)) {
      throw StaException.badRequest(name + " phải là thời điểm ISO 8601 / must be ISO 8601");
    }
    return s;
  }

  private static JsonObject object(Object v, String name) {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw StaException.badRequest(name + " phải là đối tượng / must be an object");
  }

  private static JsonArray array(Object v, String name) {
    if (v instanceof JsonArray a) {
      return a;
    }
    throw StaException.badRequest(name + " phải là mảng / must be an array");
  }

  /** The id an {@code {"@iot.id": n}} reference names, which must exist. */
  private static long existing(Connection c, EntitySet set, JsonObject ref) throws SQLException {
    if (ref.size() != 1 || !(ref.getValue("@iot.id") instanceof Number n)) {
      throw StaException.badRequest(
          set.singular + ": chỉ tham chiếu bằng @iot.id / reference by @iot.id only");
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM " + set.table + " WHERE id = ?")) {
      ps.setLong(1, n.longValue());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw StaException.badRequest("Không có / no " + set.singular + " " + n);
        }
      }
    }
    return n.longValue();
  }

  private static boolean isIocStream(Connection c, Long stream) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT device_id IS NOT NULL FROM sta_datastreams WHERE id = ?")) {
      ps.setLong(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * The row must exist (404) and be this caller's (403): the IOC's projection changes only with its
   * registry, another integrator's rows only by him. Observations of an IOC stream may be added by
   * a credential allowed to send for its device ({@code addingToIocStream}), checked by ingest.
   */
  private static void requireWritable(
      Connection c, EntitySet set, long id, String owner, boolean addingObservations)
      throws SQLException {
    if (set == EntitySet.OBSERVATIONS && ObservationIds.decode(id).isPresent()) {
      if (!isIocStream(c, ObservationIds.decode(id).get().datastreamId())) {
        throw StaException.notFound("Không tìm thấy / not found: Observation " + id);
      }
      throw new StaException(
          403, "Số đo của IOC không sửa được / the IOC's readings are its record");
    }
    String ioc =
        switch (set) {
          case SENSORS, OBSERVED_PROPERTIES -> "ioc_key";
          case OBSERVATIONS, HISTORICAL_LOCATIONS -> "NULL";
          default -> "device_id";
        };
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT owner, " + ioc + " IS NOT NULL FROM " + table(set) + " WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw StaException.notFound("Không tìm thấy / not found: " + set.singular + " " + id);
        }
        if (rs.getBoolean(2)) {
          if (!addingObservations) {
            throw new StaException(403, "Thuộc IOC, chỉ đọc / the IOC's own, read-only");
          }
        } else if (!owner.equals(rs.getString(1))) {
          throw new StaException(403, "Của người khác / belongs to another integrator");
        }
      }
    }
  }

  private static void execute(Connection c, String sql, List<?> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      ps.executeUpdate();
    }
  }

  private static long returningId(Connection c, String sql, List<?> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = data.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
