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
          + " FROM readings_in(?, ?) WHERE device_id = ?"
          + " AND (CAST(? AS text) IS NULL OR metric = ?)) recent"
          + " WHERE newest <= ? ORDER BY metric, ts";

  private static final String AGGREGATE =
      "SELECT metric, date_bin(make_interval(secs => ?), ts, TIMESTAMPTZ '2000-01-01 00:00:00+07')"
          + " AS bucket, avg(value), min(value), max(value), count(*) FROM readings_in(?, ?)"
          + " WHERE device_id = ? AND (CAST(? AS text) IS NULL OR metric = ?)"
          + " GROUP BY metric, bucket ORDER BY metric, bucket";

  /**
   * The same from a rollup table ({@code %1$s}, buckets of {@code %2$s}): its clean buckets, and
   * those still marked dirty aggregated from the raw readings, so the answer is exact whatever the
   * rollup job has done yet.
   */
  private static final String FROM_ROLLUP =
      "WITH dirty AS (SELECT DISTINCT s.metric, date_bin(interval '%2$s', d.bucket, "
          + Rollups.ORIGIN
          + ") AS bucket FROM rollup_dirty d JOIN series s ON s.id = d.series_id"
          + " WHERE s.device_id = ? AND d.bucket >= ? AND d.bucket < ?"
          + " AND (CAST(? AS text) IS NULL OR s.metric = ?))"
          + " SELECT metric, date_bin(make_interval(secs => ?), bucket, "
          + Rollups.ORIGIN
          + ") AS b, sum(total) / sum(n), min(low), max(high), sum(n) FROM ("
          + " SELECT metric, bucket, n, total, low, high FROM %1$s t WHERE device_id = ?"
          + " AND bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR metric = ?)"
          + " AND NOT EXISTS (SELECT 1 FROM dirty d WHERE d.metric = t.metric"
          + " AND d.bucket = t.bucket)"
          + " UNION ALL"
          + " SELECT r.metric, d.bucket, count(*), sum(r.value), min(r.value), max(r.value)"
          + " FROM dirty d JOIN LATERAL readings_in(d.bucket, d.bucket + interval '%2$s') r"
          + " ON r.device_id = ? AND r.metric = d.metric"
          + " GROUP BY r.metric, d.bucket) x GROUP BY metric, b ORDER BY metric, b";

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
      ps.setTimestamp(1, Timestamp.from(q.from()));
      ps.setTimestamp(2, Timestamp.from(q.to()));
      ps.setString(3, q.deviceId());
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

  /** Which table answered the last aggregate query of this thread, for tests and the bench. */
  static final ThreadLocal<String> LAST_SOURCE = new ThreadLocal<>();

  private static List<Series> aggregate(Connection c, SeriesQuery q) throws SQLException {
    var rollup = Rollups.Table.answering(q.step(), q.from(), q.to());
    LAST_SOURCE.set(rollup.map(t -> t.name).orElse("readings"));
    PreparedStatement ps =
        rollup.isPresent() ? fromRollup(c, q, rollup.get()) : c.prepareStatement(AGGREGATE);
    if (rollup.isEmpty()) {
      ps.setDouble(1, q.step().toSeconds());
      ps.setTimestamp(2, Timestamp.from(q.from()));
      ps.setTimestamp(3, Timestamp.from(q.to()));
      ps.setString(4, q.deviceId());
      ps.setString(5, q.metric());
      ps.setString(6, q.metric());
    }
    return collect(ps);
  }

  /** A month of one device at step 1 h reads ~720 hourly rows, not 43,200 raw ones. */
  private static PreparedStatement fromRollup(Connection c, SeriesQuery q, Rollups.Table table)
      throws SQLException {
    PreparedStatement ps =
        c.prepareStatement(
            String.format(FROM_ROLLUP, table.name, table.width.toMinutes() + " minutes"));
    Timestamp from = Timestamp.from(q.from());
    Timestamp to = Timestamp.from(q.to());
    ps.setString(1, q.deviceId());
    ps.setTimestamp(2, from);
    ps.setTimestamp(3, to);
    ps.setString(4, q.metric());
    ps.setString(5, q.metric());
    ps.setDouble(6, q.step().toSeconds());
    ps.setString(7, q.deviceId());
    ps.setTimestamp(8, from);
    ps.setTimestamp(9, to);
    ps.setString(10, q.metric());
    ps.setString(11, q.metric());
    ps.setString(12, q.deviceId());
    return ps;
  }

  private static List<Series> collect(PreparedStatement statement) throws SQLException {
    Map<String, List<Series.Point>> byMetric = new LinkedHashMap<>();
    try (PreparedStatement ps = statement) {
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
