package vn.cantho.ioc.traffic.incident;

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
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.export.EventSource;
import vn.cantho.ioc.core.export.ExportDataset;
import vn.cantho.ioc.core.export.ExportKeys;
import vn.cantho.ioc.core.export.ExportPage;
import vn.cantho.ioc.core.export.ExportQuery;
import vn.cantho.ioc.core.export.ExportRefused;
import vn.cantho.ioc.core.export.ExportRow;
import vn.cantho.ioc.core.export.ShareEvent;
import vn.cantho.ioc.core.store.Database;

/**
 * Traffic's incidents as a shared dataset (issue 18): opened between {@code from} and {@code to},
 * by id, at their point; within a commune operator's zones as the incident list is; not a farmer's
 * to read. Who works an incident and staff comments stay out (people and their words); its change
 * log is the incident timeline: reports, merges, transitions, assignments.
 */
public final class IncidentsExport implements ExportDataset {
  private static final GeometryFactory WGS84 = new GeometryFactory();
  private static final String SQL =
      "SELECT id, kind, severity, status, source, method, lon, lat, corridor_id, direction,"
          + " chainage_m, segment, zone_id, description, opened_at, last_report_at, updated_at,"
          + " verified_at, closed_at, reports FROM traffic_incidents"
          + " WHERE opened_at >= ? AND opened_at < ?"
          + " AND (CAST(? AS text[]) IS NULL OR zone_id = ANY(CAST(? AS text[])))"
          + " AND (CAST(? AS text) IS NULL OR zone_id = ?)"
          + " AND id > ? ORDER BY id LIMIT ?";
  private static final String EVENTS =
      "SELECT e.id, e.at, e.kind, e.from_status, e.to_status, e.source, i.id, i.kind, i.severity,"
          + " i.status, i.zone_id FROM traffic_incident_events e"
          + " JOIN traffic_incidents i ON i.id = e.incident_id"
          + " WHERE e.id > ? AND e.kind <> 'comment' ORDER BY e.id LIMIT ?";

  private final Database database;

  public IncidentsExport(Database database) {
    this.database = database;
  }

  @Override
  public String name() {
    return "incidents";
  }

  @Override
  public List<String> columns() {
    return List.of(
        "id",
        "kind",
        "severity",
        "status",
        "source",
        "method",
        "lon",
        "lat",
        "corridor",
        "direction",
        "chainageM",
        "segment",
        "zoneId",
        "description",
        "openedAt",
        "lastReportAt",
        "updatedAt",
        "verifiedAt",
        "closedAt",
        "reports");
  }

  @Override
  public boolean timed() {
    return true;
  }

  @Override
  public ExportPage read(ExportQuery q) throws SQLException {
    if (q.caller().role().scope() == Role.Scope.OWN) {
      throw new ExportRefused("traffic incidents are the city's, not a farmer's");
    }
    List<String> zones = q.caller().zoneScope();
    long after = q.after() == null ? 0 : ExportKeys.number(q.after());
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      java.sql.Array z = zones == null ? null : c.createArrayOf("text", zones.toArray());
      ps.setTimestamp(1, Timestamp.from(q.from()));
      ps.setTimestamp(2, Timestamp.from(q.to()));
      ps.setArray(3, z);
      ps.setArray(4, z);
      ps.setString(5, q.zone());
      ps.setString(6, q.zone());
      ps.setLong(7, after);
      ps.setInt(8, q.limit() + 1);
      List<ExportRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong("id");
          double lon = rs.getDouble("lon");
          double lat = rs.getDouble("lat");
          double chainage = rs.getDouble("chainage_m");
          Double chainageM = rs.wasNull() ? null : chainage;
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("id", id);
          v.put("kind", rs.getString("kind"));
          v.put("severity", rs.getString("severity"));
          v.put("status", rs.getString("status"));
          v.put("source", rs.getString("source"));
          v.put("method", rs.getString("method"));
          v.put("lon", lon);
          v.put("lat", lat);
          v.put("corridor", rs.getString("corridor_id"));
          v.put("direction", rs.getString("direction"));
          v.put("chainageM", chainageM);
          v.put("segment", rs.getString("segment"));
          v.put("zoneId", rs.getString("zone_id"));
          v.put("description", rs.getString("description"));
          v.put("openedAt", instant(rs.getTimestamp("opened_at")));
          v.put("lastReportAt", instant(rs.getTimestamp("last_report_at")));
          v.put("updatedAt", instant(rs.getTimestamp("updated_at")));
          v.put("verifiedAt", instant(rs.getTimestamp("verified_at")));
          v.put("closedAt", instant(rs.getTimestamp("closed_at")));
          v.put("reports", rs.getInt("reports"));
          rows.add(
              new ExportRow(Long.toString(id), v, WGS84.createPoint(new Coordinate(lon, lat))));
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
          JsonObject data =
              new JsonObject()
                  .put("incidentId", rs.getLong(7))
                  .put("kind", rs.getString(8))
                  .put("severity", rs.getString(9))
                  .put("status", rs.getString(10))
                  .put("fromStatus", rs.getString(4))
                  .put("toStatus", rs.getString(5))
                  .put("source", rs.getString(6))
                  .put("zoneId", rs.getString(11))
                  .put("at", at.toString());
          out.add(
              new ShareEvent(
                  rs.getLong(1), at, "incident." + rs.getString(3), rs.getString(11), null, data));
        }
      }
      return out;
    }
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
