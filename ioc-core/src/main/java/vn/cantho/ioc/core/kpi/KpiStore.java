package vn.cantho.ioc.core.kpi;

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
import vn.cantho.ioc.core.store.Database;

/** The indicators' series ({@code kpi_points}): one value per indicator, zone and time. */
public final class KpiStore {
  /** The city's rows carry this zone: a key column cannot be null. */
  static final String CITY = "";

  private final Database database;

  public KpiStore(Database database) {
    this.database = database;
  }

  /** Stores one measurement; measured again at the same time, the values are replaced. */
  public void record(Instant at, List<KpiValue> values) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO kpi_points (kpi, zone_id, at, value) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (kpi, zone_id, at) DO UPDATE SET value = EXCLUDED.value")) {
      Timestamp ts = Timestamp.from(at);
      for (KpiValue v : values) {
        ps.setString(1, v.kpi());
        ps.setString(2, v.zoneId() == null ? CITY : v.zoneId());
        ps.setTimestamp(3, ts);
        ps.setDouble(4, v.value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A point of a series. */
  public record Point(Instant at, double value) {}

  /** One indicator's series for one zone (null: the city). */
  public record Series(String kpi, String zoneId, List<Point> points) {}

  /**
   * The series in {@code [from, to)}, oldest first.
   *
   * @param kpi one indicator, or null for all
   * @param zones the zones asked for; null means every zone and the city
   * @param city whether the city's own series are wanted
   * @param limit at most this many points in all
   */
  public List<Series> query(
      String kpi, List<String> zones, boolean city, Instant from, Instant to, int limit)
      throws SQLException {
    List<String> keys = zones == null ? null : new ArrayList<>(zones);
    if (keys != null && city) {
      keys.add(CITY);
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT kpi, zone_id, at, value FROM kpi_points"
                    + " WHERE (?::text IS NULL OR kpi = ?::text)"
                    + " AND (?::text[] IS NULL OR zone_id = ANY(?::text[]))"
                    + " AND (? OR zone_id <> '')"
                    + " AND at >= ? AND at < ? ORDER BY kpi, zone_id, at LIMIT ?")) {
      java.sql.Array zoneArray = keys == null ? null : c.createArrayOf("text", keys.toArray());
      ps.setString(1, kpi);
      ps.setString(2, kpi);
      ps.setArray(3, zoneArray);
      ps.setArray(4, zoneArray);
      ps.setBoolean(5, city);
      ps.setTimestamp(6, Timestamp.from(from));
      ps.setTimestamp(7, Timestamp.from(to));
      ps.setInt(8, limit);
      Map<String, Series> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String kpiName = rs.getString(1);
          String zone = rs.getString(2);
          String zoneId = CITY.equals(zone) ? null : zone;
          out.computeIfAbsent(
                  kpiName + "|" + zone, k -> new Series(kpiName, zoneId, new ArrayList<>()))
              .points()
              .add(new Point(rs.getTimestamp(3).toInstant(), rs.getDouble(4)));
        }
      }
      return List.copyOf(out.values());
    }
  }
}
