package vn.cantho.ioc.flood.watch;

import java.time.Duration;
import java.time.Instant;

/**
 * A warning that a coming high water is forecast to reach alarm level {@code level}.
 *
 * @param peakAt when the high water is expected
 * @param peakCm how high
 * @param issuedAt the forecast that said so (data time)
 */
public record PreAlert(int level, Instant peakAt, double peakCm, Instant issuedAt) {
  /** How long before the high water the warning is given. */
  public Duration leadTime() {
    return Duration.between(issuedAt, peakAt);
  }
}
