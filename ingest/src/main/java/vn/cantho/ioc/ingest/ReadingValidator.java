package vn.cantho.ioc.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Checks a reading against the device registry and the metric catalog. Returns the reason it must
 * be quarantined, or empty when it may be stored.
 */
final class ReadingValidator {
  /** Device clocks drift; more than this ahead of ours is a broken clock, not a reading. */
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  private final DeviceRegistry registry;
  private final MetricCatalog catalog;
  private final Clock clock;
  private final Duration retention;

  ReadingValidator(
      DeviceRegistry registry, MetricCatalog catalog, Clock clock, Duration retention) {
    this.registry = registry;
    this.catalog = catalog;
    this.clock = clock;
    this.retention = retention;
  }

  Optional<String> problem(Reading r) {
    Optional<Device> device = registry.find(r.deviceId());
    if (device.isEmpty()) {
      return Optional.of("unknown device");
    }
    Optional<Metric> metric = catalog.find(device.get().domain(), r.metric());
    if (metric.isEmpty()) {
      return Optional.of(
          "unknown metric '" + r.metric() + "' for a " + device.get().domain().code() + " device");
    }
    if (!Double.isFinite(r.value())) {
      return Optional.of("value is not a finite number");
    }
    if (!metric.get().inRange(r.value())) {
      return Optional.of(
          "value %s out of physical range [%s, %s] %s"
              .formatted(r.value(), metric.get().min(), metric.get().max(), metric.get().unit()));
    }
    Instant now = clock.instant();
    if (r.ts().isAfter(now.plus(MAX_FUTURE))) {
      return Optional.of("timestamp more than 5 minutes in the future");
    }
    if (r.ts().isBefore(now.minus(retention))) {
      return Optional.of("timestamp older than the retention window");
    }
    return Optional.empty();
  }
}
