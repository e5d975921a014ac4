package vn.cantho.ioc.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request for a device's time series.
 *
 * @param metric one metric, or null for all of the device's metrics
 * @param step null for raw points, else the width of the avg/min/max buckets
 * @param maxPoints raw points returned at most per metric: the newest; a cut series is flagged
 */
public record SeriesQuery(
    String deviceId, String metric, Instant from, Instant to, Duration step, int maxPoints) {

  public SeriesQuery {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to");
    }
    if (step != null && (step.isNegative() || step.toSeconds() < 1)) {
      throw new IllegalArgumentException("step must be at least 1 second");
    }
  }
}
