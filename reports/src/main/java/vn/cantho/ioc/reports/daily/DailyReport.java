package vn.cantho.ioc.reports.daily;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.kpi.KpiStore;

/**
 * What one day's report says, before it is drawn: gathered by {@link DailyReportLoader}, drawn by
 * {@code DailyReportPdf}.
 *
 * @param date the calendar day in Asia/Ho_Chi_Minh
 * @param madeAt when the report was made
 * @param areas the areas whose figures head each page: the city, or a commune operator's zones
 * @param wards the wards listed in each page's table (city reports only): those with figures that
 *     day, by name
 * @param figures the day's figures per area key ({@code ""} the city, else the zone's id) and
 *     indicator
 * @param chart the day's series of the charted indicators of the first area, by indicator
 * @param alertsRaised alerts raised that day in scope, by level (every level present, zero too)
 */
public record DailyReport(
    LocalDate date,
    Instant madeAt,
    ReportScope scope,
    List<Area> areas,
    List<Area> wards,
    Map<String, Map<String, DayStats>> figures,
    Map<String, List<KpiStore.Point>> chart,
    Map<Severity, Long> alertsRaised) {

  /** The city's key in {@link #figures}, as in {@code kpi_points}. */
  public static final String CITY = "";

  /**
   * A place figures are given for.
   *
   * @param key {@link #CITY} or a zone's id
   */
  public record Area(String key, String name) {}

  public DailyReport {
    areas = List.copyOf(areas);
    wards = List.copyOf(wards);
    figures = Map.copyOf(figures);
    chart = Map.copyOf(chart);
    alertsRaised = Map.copyOf(alertsRaised);
  }

  /** The day's figures of one indicator in one area; null when it has none. */
  public DayStats stats(String areaKey, String kpi) {
    return figures.getOrDefault(areaKey, Map.of()).get(kpi);
  }

  /** Every indicator with a figure that day, in any area. */
  public Set<String> kpisFound() {
    return figures.values().stream()
        .flatMap(m -> m.keySet().stream())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
