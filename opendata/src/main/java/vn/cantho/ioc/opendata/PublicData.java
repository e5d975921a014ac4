package vn.cantho.ioc.opendata;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureConfig;

/**
 * What the city publishes as open data: the domains, minus devices and metrics kept back, and the
 * domains whose series go out as hourly means rather than raw values. A device with an owner (a
 * farmer's pond probe) is never published, whatever the settings say.
 *
 * @param domains domain codes published ({@code IOC_OPENDATA_DOMAINS}, comma-separated)
 * @param hourly domains published as hourly means ({@code IOC_OPENDATA_HOURLY_DOMAINS})
 * @param excludedDevices device ids kept back ({@code IOC_OPENDATA_EXCLUDED_DEVICES})
 * @param excludedMetrics metric names kept back ({@code IOC_OPENDATA_EXCLUDED_METRICS})
 */
public record PublicData(
    Set<String> domains,
    Set<String> hourly,
    Set<String> excludedDevices,
    Set<String> excludedMetrics) {
  /** The city's equipment of every domain; water quality as hourly means (plan task 98). */
  public static final String DEFAULT_DOMAINS = "water,traffic,lighting,flood";

  public static final String DEFAULT_HOURLY = "water";

  public PublicData {
    domains = Set.copyOf(domains);
    hourly = Set.copyOf(hourly);
    excludedDevices = Set.copyOf(excludedDevices);
    excludedMetrics = Set.copyOf(excludedMetrics);
  }

  /** Nothing at all: for an instance that only serves integrators' own data. */
  public static PublicData nothing() {
    return new PublicData(Set.of(), Set.of(), Set.of(), Set.of());
  }

  public static PublicData of(FeatureConfig config) {
    return new PublicData(
        list(config.get("DOMAINS").orElse(DEFAULT_DOMAINS)),
        list(config.get("HOURLY_DOMAINS").orElse(DEFAULT_HOURLY)),
        list(config.get("EXCLUDED_DEVICES").orElse("")),
        list(config.get("EXCLUDED_METRICS").orElse("")));
  }

  private static Set<String> list(String csv) {
    return Arrays.stream(csv.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }

  public boolean publishes(Device d) {
    return d.owner() == null
        && domains.contains(d.domain().code())
        && !excludedDevices.contains(d.id());
  }

  public boolean publishes(Metric m) {
    return domains.contains(m.domain().code()) && !excludedMetrics.contains(m.name());
  }

  public boolean hourly(Device d) {
    return hourly.contains(d.domain().code());
  }
}
