package vn.cantho.ioc.deploy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delays measured by a benchmark, each filed under the second it belongs to: their percentiles, and
 * the worst seconds (where a tail comes from). The unit is the caller's. Safe from any thread.
 */
final class DelaySamples {
  private final Map<Long, Long> worstBySecond = new HashMap<>();
  private long[] samples = new long[1 << 12];
  private int count;

  synchronized void add(long epochSecond, long delay) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, count * 2);
    }
    samples[count++] = delay;
    worstBySecond.merge(epochSecond, delay, Math::max);
  }

  /**
   * The given percentiles (0..1) of the delays so far, nearest rank; -1 each when there is none.
   */
  synchronized long[] percentiles(double... quantiles) {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    long[] result = new long[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      int rank = (int) Math.ceil(quantiles[i] * count) - 1;
      result[i] = count == 0 ? -1 : sorted[Math.max(0, Math.min(count - 1, rank))];
    }
    return result;
  }

  /** The n seconds with the worst delay, worst first. */
  synchronized List<Map.Entry<Instant, Long>> worstSeconds(int n) {
    return worstBySecond.entrySet().stream()
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(n)
        .map(e -> Map.entry(Instant.ofEpochSecond(e.getKey()), e.getValue()))
        .toList();
  }

  synchronized int count() {
    return count;
  }
}
