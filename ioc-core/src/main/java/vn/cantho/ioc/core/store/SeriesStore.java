package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads time series, raw or as per-step aggregates. Buckets are aligned on local midnight in
 * Asia/Ho_Chi_Minh (UTC+7, no daylight saving), so a daily step means a Vietnamese calendar day.
 * {@code date_bin} works on plain PostgreSQL and TimescaleDB alike. Blocking JDBC: worker threads
 * only.
 */
public final class SeriesStore {
  /**
   * The newest {@code maxPoints} + 1 points of each metric (the extra one tells that the series was
   * cut), so one busy metric can never crowd the others out of the answer.
   */
  private static final String RAW =
      "SELECT metric, ts, value FROM (SELECT metric, ts, value,"
          + " row_number() OVER (PARTITION BY metric ORDER BY ts DESC) AS newest"
          + " FROM readings WHERE device_id = ? AND ts >= ? AND ts < ?"
          + " AND (CAST(? AS text) IS NULL OR metric = ?)) recent"
          + " WHERE newest <= ? ORDER BY metric, ts";

  private static final String AGGREGATE =
      "SELECT metric, date_bin(make_interval(secs => ?), ts, TIMESTAMPTZ '2000-01-01 00:00:00+07')"
          + " AS bucket, avg(value), min(value), max(value), count(*) FROM readings"
          + " WHERE device_id = ? AND ts >= ? AND ts < ? AND (CAST(? AS text) IS NULL OR metric = ?)"
          + " GROUP BY metric, bucket ORDER BY metric, bucket";

  private final Database database;

  public SeriesStore(Database database) {
    this.database = database;
  }

  public List<Series> query(SeriesQuery q) throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      return q.step() == null ? raw(c, q) : aggregate(c, q);
    }
  }

  private static List<Series> raw(Connection c, SeriesQuery q) throws SQLException {
    Map<String, List<Series.Point>> byMetric = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(RAW)) {
      ps.setString(1, q.deviceId());
      ps.setTimestamp(2, Timestamp.from(q.from()));
      ps.setTimestamp(3, Timestamp.from(q.to()));
      ps.setString(4, q.metric());
      ps.setString(5, q.metric());
      ps.setInt(6, q.maxPoints() + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byMetric
              .computeIfAbsent(rs.getString(1), m -> new ArrayList<>())
              .add(new Series.Raw(rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
        }
      }
    }
    List<Series> out = new ArrayList<>();
    byMetric.forEach(
        (metric, points) -> {
          boolean truncated = points.size() > q.maxPoints();
          List<Series.Point> kept = truncated ? points.subList(1, points.size()) : points;
          out.add(new Series(metric, List.copyOf(kept), truncated));
        });
    return out;
  }

  private static List<Series> aggregate(Connection c, SeriesQuery q) throws SQLException {
    Map<String, List<Series.Point>> byMetric = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(AGGREGATE)) {
      ps.setDouble(1, q.step().toSeconds());
      ps.setString(2, q.deviceId());
      ps.setTimestamp(3, Timestamp.from(q.from()));
      ps.setTimestamp(4, Timestamp.from(q.to()));
      ps.setString(5, q.metric());
      ps.setString(6, q.metric());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byMetric
              .computeIfAbsent(rs.getString(1), m -> new ArrayList<>())
              .add(
                  new Series.Aggregate(
                      rs.getTimestamp(2).toInstant(),
                      rs.getDouble(3),
                      rs.getDouble(4),
                      rs.getDouble(5),
                      rs.getLong(6)));
        }
      }
    }
    return toSeries(byMetric, false);
  }

  private static List<Series> toSeries(
      Map<String, List<Series.Point>> byMetric, boolean truncated) {
    List<Series> out = new ArrayList<>();
    byMetric.forEach(
        (metric, points) -> out.add(new Series(metric, List.copyOf(points), truncated)));
    return out;
  }
}
