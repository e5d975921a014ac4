package vn.cantho.ioc.core.export;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Database;

/**
 * Every feature's alerts the caller sees, raised between {@code from} and {@code to}, by id; placed
 * at their device. Scope as the alert list's: a commune operator's zones, a farmer's own devices.
 * Its change log is {@code alert_events}: every raise, escalation, acknowledgement, clearing and
 * closing, without who acknowledged (a person).
 */
final class AlertsExport implements ExportDataset {
  private static final String SQL =
      "SELECT id, feature, rule_key, device_id, zone_id, metric, severity, state, raised_at,"
          + " raised_value, last_value, acknowledged_at, cleared_at FROM alerts"
          + " WHERE raised_at >= ? AND raised_at < ?"
          + " AND (CAST(? AS text[]) IS NULL OR zone_id = ANY(CAST(? AS text[])))"
          + " AND (CAST(? AS text[]) IS NULL OR device_id = ANY(CAST(? AS text[])))"
          + " AND (CAST(? AS text) IS NULL OR zone_id = ?)"
          + " AND id > ? ORDER BY id LIMIT ?";

  private static final String EVENTS =
      "SELECT e.id, e.at, e.kind, e.severity, e.value, a.id, a.feature, a.rule_key, a.device_id,"
          + " a.zone_id, a.metric, d.owner FROM alert_events e JOIN alerts a ON a.id = e.alert_id"
          + " LEFT JOIN devices d ON d.id = a.device_id WHERE e.id > ? ORDER BY e.id LIMIT ?";

  private final Database database;
  private final DeviceRegistry registry;

  AlertsExport(Database database, DeviceRegistry registry) {
    this.database = database;
    this.registry = registry;
  }

  @Override
  public String name() {
    return "alerts";
  }

  @Override
  public List<String> columns() {
    return List.of(
        "id",
        "feature",
        "rule",
        "deviceId",
        "zoneId",
        "metric",
        "severity",
        "state",
        "raisedAt",
        "raisedValue",
        "lastValue",
        "acknowledgedAt",
        "clearedAt");
  }

  @Override
  public boolean timed() {
    return true;
  }

  @Override
  public ExportPage read(ExportQuery q) throws SQLException {
    List<String> zones = q.caller().zoneScope();
    List<String> devices =
        q.caller().role().scope() == vn.cantho.ioc.core.auth.Role.Scope.OWN
            ? DeviceSet.ids(registry, q.caller(), null)
            : null;
    long after = q.after() == null ? 0 : ExportKeys.number(q.after());
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      java.sql.Array z = zones == null ? null : c.createArrayOf("text", zones.toArray());
      java.sql.Array d = devices == null ? null : c.createArrayOf("text", devices.toArray());
      ps.setTimestamp(1, Timestamp.from(q.from()));
      ps.setTimestamp(2, Timestamp.from(q.to()));
      ps.setArray(3, z);
      ps.setArray(4, z);
      ps.setArray(5, d);
      ps.setArray(6, d);
      ps.setString(7, q.zone());
      ps.setString(8, q.zone());
      ps.setLong(9, after);
      ps.setInt(10, q.limit() + 1);
      List<ExportRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          String device = rs.getString("device_id");
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("id", id);
          v.put("feature", rs.getString("feature"));
          v.put("rule", rs.getString("rule_key"));
          v.put("deviceId", device);
          v.put("zoneId", rs.getString("zone_id"));
          v.put("metric", rs.getString("metric"));
          v.put("severity", rs.getString("severity"));
          v.put("state", rs.getString("state"));
          v.put("raisedAt", instant(rs.getTimestamp("raised_at")));
          v.put("raisedValue", rs.getDouble("raised_value"));
          v.put("lastValue", rs.getDouble("last_value"));
          v.put("acknowledgedAt", instant(rs.getTimestamp("acknowledged_at")));
          v.put("clearedAt", instant(rs.getTimestamp("cleared_at")));
          rows.add(
              new ExportRow(
                  Long.toString(id),
                  v,
                  registry.find(device).map(DevicesExport::point).orElse(null)));
        }
      }
      return ExportPage.of(rows, q.limit());
    }
  }

  @Override
  public EventSource events() {
    return this::events;
  }

  private List<ShareEvent> events(long afterId, int limit) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(EVENTS)) {
      ps.setLong(1, afterId);
      ps.setInt(2, limit);
      List<ShareEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant at = rs.getTimestamp(2).toInstant();
          double value = rs.getDouble(5);
          Double shown = rs.wasNull() ? null : value;
          JsonObject data =
              new JsonObject()
                  .put("alertId", rs.getLong(6))
                  .put("feature", rs.getString(7))
                  .put("rule", rs.getString(8))
                  .put("deviceId", rs.getString(9))
                  .put("zoneId", rs.getString(10))
                  .put("metric", rs.getString(11))
                  .put("severity", rs.getString(4))
                  .put("value", shown)
                  .put("at", at.toString());
          out.add(
              new ShareEvent(
                  rs.getLong(1),
                  at,
                  "alert." + rs.getString(3),
                  rs.getString(10),
                  rs.getString(12),
                  data));
        }
      }
      return out;
    }
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
