package vn.cantho.ioc.traffic.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.store.Database;

/**
 * Traffic's indicators for the leaders (issue 18), per zone and for the city: incidents open (new,
 * verified or dispatched) and the mean minutes from opening to clearing of the cleared ones, as the
 * incident panel's KPIs count them ({@link IncidentStore#kpis}).
 */
public final class IncidentKpis implements KpiSource {
  private final Database database;

  public IncidentKpis(Database database) {
    this.database = database;
  }

  @Override
  public List<KpiValue> measure(Instant at) throws SQLException {
    List<KpiValue> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT GROUPING(zone_id) = 1, zone_id,"
                    + " count(*) FILTER (WHERE status IN ('new', 'verified', 'dispatched')),"
                    + " avg(extract(epoch FROM closed_at - opened_at)) FILTER"
                    + " (WHERE status = 'cleared') / 60"
                    + " FROM traffic_incidents WHERE opened_at <= ?"
                    + " GROUP BY GROUPING SETS ((zone_id), ())")) {
      ps.setTimestamp(1, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean city = rs.getBoolean(1);
          String zone = rs.getString(2);
          if (!city && zone == null) {
            continue; // incidents outside every zone count for the city only
          }
          String zoneId = city ? null : zone;
          out.add(new KpiValue("traffic.incidents_open", zoneId, rs.getLong(3)));
          double toClear = rs.getDouble(4);
          if (!rs.wasNull()) {
            out.add(new KpiValue("traffic.minutes_to_clear", zoneId, toClear));
          }
        }
      }
    }
    return out;
  }
}
