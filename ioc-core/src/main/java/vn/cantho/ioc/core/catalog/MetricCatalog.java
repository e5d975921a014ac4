package vn.cantho.ioc.core.catalog;

import static vn.cantho.ioc.core.device.Domain.LIGHTING;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.device.Domain;

/**
 * The metrics each domain reports. Ranges are physical limits of the quantity (what any probe can
 * possibly read), not alert thresholds: those are data in the rule tables of the features. A
 * feature brings its own metrics ({@link vn.cantho.ioc.core.feature.IocFeature#metrics}); the
 * kernel's defaults are the device domains whose features have not taken them yet (lighting's; the
 * flood feature brings its own), and move to them as they do.
 */
public final class MetricCatalog {
  private static final List<Metric> DEFAULTS =
      List.of(
          // Streetlights (TALQ lamp actuator and monitor functions).
          new Metric(LIGHTING, "state", "1", 0, 1, "Trạng thái bật", "Switched on"),
          new Metric(LIGHTING, "dim", "%", 0, 100, "Mức sáng", "Dim level"),
          new Metric(LIGHTING, "power", "W", 0, 2_000, "Công suất", "Power"),
          // Lighting control cabinets (tủ điều khiển chiếu sáng), read over OPC UA.
          new Metric(LIGHTING, "cabinet_power", "W", 0, 200_000, "Công suất tủ", "Cabinet power"),
          new Metric(LIGHTING, "voltage", "V", 0, 500, "Điện áp", "Voltage"),
          new Metric(LIGHTING, "current", "A", 0, 1_000, "Dòng điện", "Current"));

  private final Map<String, Metric> byKey;
  private final SortedSet<Domain> domains;

  private MetricCatalog(List<Metric> metrics) {
    this.byKey =
        metrics.stream()
            .collect(Collectors.toMap(m -> key(m.domain(), m.name()), Function.identity()));
    this.domains =
        Collections.unmodifiableSortedSet(
            metrics.stream().map(Metric::domain).collect(Collectors.toCollection(TreeSet::new)));
  }

  public static MetricCatalog defaults() {
    return new MetricCatalog(DEFAULTS);
  }

  /** This catalog and a feature's metrics; a metric already here is a start-up error. */
  public MetricCatalog plus(List<Metric> more) {
    List<Metric> all = new java.util.ArrayList<>(byKey.values());
    for (Metric m : more) {
      if (byKey.containsKey(key(m.domain(), m.name()))) {
        throw new IllegalArgumentException(
            "metric " + key(m.domain(), m.name()) + " is already in the catalog");
      }
      all.add(m);
    }
    return new MetricCatalog(all);
  }

  public Optional<Metric> find(Domain domain, String name) {
    return Optional.ofNullable(byKey.get(key(domain, name)));
  }

  /** The domains this node serves: those of its metrics, the kernel's and every feature's. */
  public SortedSet<Domain> domains() {
    return domains;
  }

  public List<Metric> all() {
    return List.copyOf(byKey.values());
  }

  private static String key(Domain domain, String name) {
    return domain.code() + '/' + name;
  }
}
