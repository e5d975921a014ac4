package vn.cantho.ioc.opendata.sta;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One row of an entity set as SensorThings JSON (§8.2 and §9.1): control information, the
 * properties (all, or those {@code $select}ed) and a navigation link for each relation.
 */
final class EntityJson {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EntityJson() {}

  static String selfLink(String base, EntitySet set, long id) {
    return base + "/" + set.plural + "(" + id + ")";
  }

  static JsonObject of(ResultSet rs, EntitySet set, String base, List<String> select)
      throws SQLException {
    long id = rs.getLong("id");
    JsonObject e = new JsonObject();
    String self = selfLink(base, set, id);
    if (select.isEmpty() || select.contains("id") || select.contains("@iot.id")) {
      e.put("@iot.id", id);
    }
    e.put("@iot.selfLink", self);
    for (EntitySet.Property p : set.properties()) {
      if (!select.isEmpty() && !select.contains(p.name())) {
        continue;
      }
      Object value = value(rs, p);
      if (value != null || p.required() || p.name().equals("resultTime")) {
        e.put(p.name(), value);
      }
    }
    for (EntitySet.Navigation n : set.navigations()) {
      if (select.isEmpty() || select.contains(n.name())) {
        e.put(n.name() + "@iot.navigationLink", self + "/" + n.name());
      }
    }
    return e;
  }

  /** A property's value as JSON: text, a decoded JSON value, an instant or an interval. */
  static Object value(ResultSet rs, EntitySet.Property p) throws SQLException {
    return switch (p.kind()) {
      case TEXT -> rs.getString(p.column());
      case JSON, RESULT -> {
        String json = rs.getString(p.column());
        yield json == null ? null : Json.decodeValue(json);
      }
      case TIME -> time(rs.getTimestamp(p.column()));
      case INTERVAL -> {
        String start = time(rs.getTimestamp(p.column()));
        String end = time(rs.getTimestamp(p.endColumn()));
        yield start == null || end == null ? start : start + "/" + end;
      }
    };
  }

  static String time(Timestamp t) {
    return t == null ? null : ISO.format(t.toInstant());
  }

  static String time(Instant t) {
    return ISO.format(t);
  }
}
