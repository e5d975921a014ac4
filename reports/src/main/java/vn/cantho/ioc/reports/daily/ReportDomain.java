package vn.cantho.ioc.reports.daily;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One page of the daily report: a city domain and the indicators it gathers by name prefix, so an
 * indicator a feature adds later (a new water class, a lighting figure) lands on its page without a
 * change here.
 *
 * @param title the page's heading
 * @param prefixes the indicators' name prefixes, e.g. {@code traffic.}
 * @param expected indicators always listed, with "không có số liệu" when the day has none (a
 *     feature not installed, a node that did not run)
 * @param charted name prefixes of the indicators drawn on the page's chart: one scale, so figures
 *     of one kind (counts of alerts by level, shares of water classes)
 * @param chartTitle the chart's heading
 */
public record ReportDomain(
    String title,
    List<String> prefixes,
    List<String> expected,
    List<String> charted,
    String chartTitle) {

  public ReportDomain {
    prefixes = List.copyOf(prefixes);
    expected = List.copyOf(expected);
    charted = List.copyOf(charted);
  }

  public boolean covers(String kpi) {
    return prefixes.stream().anyMatch(kpi::startsWith);
  }

  public boolean charts(String kpi) {
    return charted.stream().anyMatch(kpi::startsWith);
  }

  /** The page's indicators: the expected ones in their order, then those found, by name. */
  public List<String> kpis(Collection<String> found) {
    List<String> out = new ArrayList<>(expected);
    found.stream().filter(this::covers).filter(k -> !out.contains(k)).sorted().forEach(out::add);
    return out;
  }
}
