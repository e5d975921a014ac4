package vn.cantho.ioc.core.export;

import io.vertx.core.json.JsonArray;
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
 * Readings of the devices the caller sees between {@code from} and {@code to}, in the order of the
 * table's unique key (device, metric, time), so each page is one index range scan per day partition
 * and a reading stored meanwhile never shifts a page.
 */
final class ReadingsExport implements ExportDataset {
  private static final String SQL =
      "SELECT device_id, metric, ts, value, quality FROM readings_in(?, ?)"
          + " WHERE (CAST(? AS text[]) IS NULL OR device_id = ANY(CAST(? AS text[])))"
          + " AND (CAST(? AS text) IS NULL OR (device_id, metric, ts) > (?, ?, ?))"
          + " ORDER BY device_id, metric, ts LIMIT ?";

  private final Database database;
  private final DeviceRegistry registry;

  ReadingsExport(Database database, DeviceRegistry registry) {
    this.database = database;
    this.registry = registry;
  }

  @Override
  public String name() {
    return "readings";
  }

  @Override
  public List<String> columns() {
    return List.of("deviceId", "metric", "ts", "value", "quality", "zoneId");
  }

  @Override
  public boolean timed() {
    return true;
  }

  @Override
  public ExportPage read(ExportQuery q) throws SQLException {
    List<String> devices = DeviceSet.ids(registry, q.caller(), q.zone());
    if (devices != null && devices.isEmpty()) {
      return new ExportPage(List.of(), null);
    }
    String afterDevice = null;
    String afterMetric = null;
    Instant afterTs = null;
    if (q.after() != null) {
      JsonArray key = ExportKeys.read(q.after(), 4);
      afterDevice = key.getString(0);
      afterMetric = key.getString(1);
      afterTs = ExportKeys.instant(key, 2);
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      java.sql.Array ids = devices == null ? null : c.createArrayOf("text", devices.toArray());
      ps.setTimestamp(1, Timestamp.from(q.from()));
      ps.setTimestamp(2, Timestamp.from(q.to()));
      ps.setArray(3, ids);
      ps.setArray(4, ids);
      ps.setString(5, afterDevice);
      ps.setString(6, afterDevice);
      ps.setString(7, afterMetric);
      ps.setTimestamp(8, afterTs == null ? null : Timestamp.from(afterTs));
      ps.setInt(9, q.limit() + 1);
      List<ExportRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String device = rs.getString(1);
          String metric = rs.getString(2);
          Instant ts = rs.getTimestamp(3).toInstant();
          var known = registry.find(device);
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("deviceId", device);
          v.put("metric", metric);
          v.put("ts", ts);
          v.put("value", rs.getDouble(4));
          v.put("quality", rs.getInt(5));
          v.put("zoneId", known.map(d -> d.zoneId()).orElse(null));
          rows.add(
              new ExportRow(
                  ExportKeys.of(device, metric, ts.getEpochSecond(), ts.getNano()),
                  v,
                  known.map(DevicesExport::point).orElse(null)));
        }
      }
      return ExportPage.of(rows, q.limit());
    }
  }
}
