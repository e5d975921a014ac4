package vn.cantho.ioc.core.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the n-th retry waits base × 2^(n−1), at most {@code max}, ±20 %
 * so that messages failed together do not retry together.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {
  /** Eight attempts over about 20 minutes: a provider outage longer than that is an incident. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(8, Duration.ofSeconds(5), Duration.ofMinutes(10));

  public RetryPolicy {
    if (maxAttempts < 1 || base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("maxAttempts ≥ 1 and 0 ≤ base ≤ max");
    }
  }

  /** The wait after the given failed attempt (1 for the first). */
  public Duration delayAfter(int attempt) {
    long exp = Math.min(30, Math.max(0, attempt - 1));
    long ms = Math.min(max.toMillis(), base.toMillis() << exp);
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.round(ms * jitter));
  }
}
