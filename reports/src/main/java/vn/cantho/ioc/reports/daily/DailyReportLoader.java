package vn.cantho.ioc.reports.daily;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.Collator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.kpi.KpiStore;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Gathers a day's report from the database: the indicators' figures ({@code kpi_points}), the
 * charted series, the zones' names and the alerts raised that day. Blocking.
 */
public final class DailyReportLoader {
  /** A day has 288 five-minute measurements per series; this bounds a chart's read. */
  private static final int CHART_POINTS = 10_000;

  private final Database database;
  private final KpiStore kpis;

  public DailyReportLoader(Database database) {
    this.database = database;
    this.kpis = new KpiStore(database);
  }

  /** The day from local midnight to the next, in Asia/Ho_Chi_Minh. */
  public static Instant start(LocalDate date) {
    return date.atStartOfDay(CanThoTime.ZONE).toInstant();
  }

  public DailyReport load(LocalDate date, ReportScope scope, Instant madeAt) throws SQLException {
    Instant from = start(date);
    Instant to = start(date.plusDays(1));
    Map<String, Map<String, DayStats>> figures = figures(scope, from, to);
    Map<String, String> names = zoneNames();
    List<DailyReport.Area> areas = new ArrayList<>();
    List<DailyReport.Area> wards = new ArrayList<>();
    if (scope.city()) {
      areas.add(new DailyReport.Area(DailyReport.CITY, "Toàn thành phố"));
      Collator vietnamese = Collator.getInstance(Locale.forLanguageTag("vi-VN"));
      figures.keySet().stream()
          .filter(k -> !k.equals(DailyReport.CITY))
          .map(k -> new DailyReport.Area(k, names.getOrDefault(k, k)))
          .sorted(Comparator.comparing(DailyReport.Area::name, vietnamese))
          .forEach(wards::add);
    } else {
      scope.zones().forEach(z -> areas.add(new DailyReport.Area(z, names.getOrDefault(z, z))));
    }
    return new DailyReport(
        date,
        madeAt,
        scope,
        areas,
        wards,
        figures,
        chart(areas.isEmpty() ? null : areas.get(0), figures, from, to),
        alertsRaised(scope, from, to));
  }

  /** Lowest, highest and last value of every indicator in every area of the scope that day. */
  private Map<String, Map<String, DayStats>> figures(ReportScope scope, Instant from, Instant to)
      throws SQLException {
    String sql =
        "SELECT zone_id, kpi, min(value), max(value), (array_agg(value ORDER BY at DESC))[1],"
            + " count(*) FROM kpi_points WHERE at >= ? AND at < ?"
            + " AND (?::text[] IS NULL OR zone_id = ANY(?::text[])) GROUP BY zone_id, kpi";
    Map<String, Map<String, DayStats>> out = new HashMap<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      java.sql.Array zones = scope.city() ? null : c.createArrayOf("text", scope.zones().toArray());
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.setArray(3, zones);
      ps.setArray(4, zones);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), z -> new HashMap<>())
              .put(
                  rs.getString(2),
                  new DayStats(rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getInt(6)));
        }
      }
    }
    return out;
  }

  /** The day's series of the indicators charted on some page, for the first area. */
  private Map<String, List<KpiStore.Point>> chart(
      DailyReport.Area area, Map<String, Map<String, DayStats>> figures, Instant from, Instant to)
      throws SQLException {
    Map<String, List<KpiStore.Point>> out = new LinkedHashMap<>();
    if (area == null) {
      return out;
    }
    boolean city = area.key().equals(DailyReport.CITY);
    for (String kpi : figures.getOrDefault(area.key(), Map.of()).keySet()) {
      if (ReportDomains.ALL.stream().noneMatch(d -> d.charts(kpi))) {
        continue;
      }
      List<String> zones = city ? List.of() : List.of(area.key());
      for (KpiStore.Series s : kpis.query(kpi, zones, city, from, to, CHART_POINTS)) {
        out.put(kpi, s.points());
      }
    }
    return out;
  }

  private Map<String, String> zoneNames() throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id, name FROM zones");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Alerts raised in the day by level; a commune operator's count those of his zones. */
  private Map<Severity, Long> alertsRaised(ReportScope scope, Instant from, Instant to)
      throws SQLException {
    Map<Severity, Long> out = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      out.put(s, 0L);
    }
    String sql =
        "SELECT severity, count(*) FROM alerts WHERE raised_at >= ? AND raised_at < ?"
            + " AND (?::text[] IS NULL OR zone_id = ANY(?::text[])) GROUP BY severity";
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      java.sql.Array zones = scope.city() ? null : c.createArrayOf("text", scope.zones().toArray());
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.setArray(3, zones);
      ps.setArray(4, zones);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          for (Severity s : Severity.values()) {
            if (s.code().equals(rs.getString(1))) {
              out.put(s, rs.getLong(2));
            }
          }
        }
      }
    }
    return out;
  }
}
