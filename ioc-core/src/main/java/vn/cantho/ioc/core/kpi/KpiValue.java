package vn.cantho.ioc.core.kpi;

/**
 * One indicator's value for one zone, or for the whole city when {@code zoneId} is null (a city
 * value is measured, not summed: a mean time or a share does not add up over zones).
 *
 * @param kpi dotted name, its domain first: {@code devices.online}, {@code alerts.open.critical}
 */
public record KpiValue(String kpi, String zoneId, double value) {
  public KpiValue {
    if (kpi == null || !kpi.matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+")) {
      throw new IllegalArgumentException("a KPI is named domain.what, not " + kpi);
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(kpi + " is not a number: " + value);
    }
  }
}
