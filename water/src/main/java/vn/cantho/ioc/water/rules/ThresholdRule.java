package vn.cantho.ioc.water.rules;

import java.time.Duration;
import java.util.Objects;
import vn.cantho.ioc.core.alert.Severity;

/**
 * A rule on one metric, as stored in {@code alert_rules}: three thresholds that worsen in its
 * direction, a hysteresis for clearing, and how long a condition must hold before it is raised.
 *
 * @param minSamples consecutive samples in the condition that raise it
 * @param minDuration or time in the condition that raises it, whichever comes first
 */
public record ThresholdRule(
    long id,
    String metric,
    Direction direction,
    double watch,
    double warning,
    double critical,
    double hysteresis,
    int minSamples,
    Duration minDuration) {

  /** Whether low values or high values are bad. */
  public enum Direction {
    BELOW,
    ABOVE
  }

  public ThresholdRule {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(direction, "direction");
    boolean ordered =
        direction == Direction.BELOW
            ? watch > warning && warning > critical
            : watch < warning && warning < critical;
    if (!ordered) {
      throw new IllegalArgumentException(
          "thresholds must worsen in the rule's direction: "
              + watch
              + ", "
              + warning
              + ", "
              + critical);
    }
    if (hysteresis < 0 || minSamples < 1 || minDuration.isNegative()) {
      throw new IllegalArgumentException("hysteresis, minSamples and minDuration must be positive");
    }
  }

  /** The level this value is at, or null when it is fine. */
  public Severity levelOf(double value) {
    if (worse(value, critical)) {
      return Severity.CRITICAL;
    }
    if (worse(value, warning)) {
      return Severity.WARNING;
    }
    return worse(value, watch) ? Severity.WATCH : null;
  }

  /** True once the value is back past the first threshold by the hysteresis. */
  public boolean recovered(double value) {
    return direction == Direction.BELOW ? value >= watch + hysteresis : value <= watch - hysteresis;
  }

  /** The threshold of a level, for messages ("DO 1.8 mg/L, below 2"). */
  public double threshold(Severity level) {
    return switch (level) {
      case WATCH -> watch;
      case WARNING -> warning;
      case CRITICAL -> critical;
    };
  }

  private boolean worse(double value, double threshold) {
    return direction == Direction.BELOW ? value < threshold : value > threshold;
  }
}
