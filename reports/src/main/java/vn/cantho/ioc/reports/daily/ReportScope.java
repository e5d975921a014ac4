package vn.cantho.ioc.reports.daily;

import java.util.List;

/**
 * Whose figures a report shows: the whole city (and every ward), or the zones of a commune
 * operator, who reads his wards' indicators but not the city's ({@code GET /api/v1/kpi} draws the
 * same line).
 *
 * @param zones the zones, or null for the whole city
 */
public record ReportScope(List<String> zones) {
  public static final ReportScope CITY = new ReportScope(null);

  public ReportScope {
    zones = zones == null ? null : List.copyOf(zones);
  }

  public boolean city() {
    return zones == null;
  }
}
