package vn.cantho.ioc.core.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client key (an address, a device credential): {@code perSecond} sustained,
 * {@code burst} at once. Callers answer 429 when {@link #tryAcquire} says no. Bounded: past {@link
 * #MAX_KEYS} keys the least recently seen are forgotten, which at worst gives one a fresh bucket.
 */
public final class RateLimiter {
  static final int MAX_KEYS = 100_000;

  private final double perSecond;
  private final double burst;
  private final Clock clock;
  private final Map<String, Bucket> buckets =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > MAX_KEYS;
        }
      };

  public RateLimiter(double perSecond, int burst, Clock clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  public synchronized boolean tryAcquire(String key) {
    long now = clock.millis();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perSecond / 1000.0);
    b.at = now;
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    return true;
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }
}
