package vn.cantho.ioc.flood.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.store.Database;

/**
 * Flooding's indicator for the leaders (issue 18): the flood warnings issued in the last 24 hours
 * (crossings, pre-alerts and rapid rises; one per protected ward, as {@link FloodAlerts} raises
 * them), per ward and for the city.
 */
public final class FloodKpis implements KpiSource {
  static final Duration WINDOW = Duration.ofHours(24);

  private final Database database;

  public FloodKpis(Database database) {
    this.database = database;
  }

  @Override
  public List<KpiValue> measure(Instant at) throws SQLException {
    List<KpiValue> out = new ArrayList<>();
    boolean cityRow = false;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT GROUPING(zone_id) = 1, zone_id, count(*) FROM alerts"
                    + " WHERE feature = 'flood' AND raised_at > ? AND raised_at <= ?"
                    + " GROUP BY GROUPING SETS ((zone_id), ())")) {
      ps.setTimestamp(1, Timestamp.from(at.minus(WINDOW)));
      ps.setTimestamp(2, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean city = rs.getBoolean(1);
          if (!city && rs.getString(2) == null) {
            continue;
          }
          cityRow |= city;
          out.add(new KpiValue("flood.warnings_24h", city ? null : rs.getString(2), rs.getLong(3)));
        }
      }
    }
    if (!cityRow) {
      out.add(new KpiValue("flood.warnings_24h", null, 0)); // a quiet day is a value too
    }
    return out;
  }
}
