package vn.cantho.ioc.lighting.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * The fault rules' parameters. DOMAIN-SOURCES §6.2 gives the rules' shape (a design, 🛠); the
 * numbers are this project's choices, argued in docs/lighting.md, not a standard.
 *
 * @param reportInterval how often a controller reports; comm loss, the command grace and the
 *     cycling window are counted in it
 * @param raiseSamples consecutive bad samples that raise a fault (2: one bad sample is noise, and 2
 *     keeps detection within two intervals)
 * @param clearSamples consecutive good samples that clear it
 * @param lampOutMinPercent a lamp commanded below this level is not checked for lamp out
 * @param lampOutFraction lamp out when power is below this fraction of the expected power
 * @param idleW day burner when power is above max(idleW, idleFractionOfRated × rated)
 * @param idleFractionOfRated see idleW: large lamps' gear idles higher
 * @param powerTolerance power high/low when |power − expected| exceeds this fraction of expected
 * @param powerMinExpectedW power high/low is not judged below this expected power, where driver
 *     losses dominate the reading
 * @param cyclingFlips cycling when the lamp went dark or lit this many times within cyclingWindow
 * @param cyclingWindow see cyclingFlips
 * @param commandGrace after the commanded level changes, readings this long are not judged: the
 *     lamp (or its controller's own clock) may not have followed yet
 * @param silentIntervals comm loss after this many report intervals without a reading
 */
public record FaultParameters(
    Duration reportInterval,
    int raiseSamples,
    int clearSamples,
    int lampOutMinPercent,
    double lampOutFraction,
    double idleW,
    double idleFractionOfRated,
    double powerTolerance,
    double powerMinExpectedW,
    int cyclingFlips,
    Duration cyclingWindow,
    Duration commandGrace,
    int silentIntervals) {

  /** For controllers reporting every 60 s, as the demo's simulated lamps do. */
  public static final FaultParameters DEFAULTS = forInterval(Duration.ofSeconds(60));

  public FaultParameters {
    Objects.requireNonNull(reportInterval, "reportInterval");
    Objects.requireNonNull(cyclingWindow, "cyclingWindow");
    Objects.requireNonNull(commandGrace, "commandGrace");
    if (reportInterval.isNegative() || reportInterval.isZero()) {
      throw new IllegalArgumentException("report interval " + reportInterval);
    }
    if (raiseSamples < 1 || clearSamples < 1 || cyclingFlips < 2 || silentIntervals < 1) {
      throw new IllegalArgumentException("sample counts must be positive");
    }
  }

  /** The defaults scaled to a controller's report interval. */
  public static FaultParameters forInterval(Duration interval) {
    return new FaultParameters(
        interval, 2, 2, 10, 0.10, 5.0, 0.05, 0.25, 10.0, 4, interval.multipliedBy(15), interval, 3);
  }

  /** The silence after which a lamp is lost. */
  public Duration silence() {
    return reportInterval.multipliedBy(silentIntervals);
  }
}
