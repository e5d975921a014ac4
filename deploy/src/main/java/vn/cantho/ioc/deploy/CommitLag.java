package vn.cantho.ioc.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The benchmark's latency: for every message stamped (at its publish) from a given instant on, the
 * time its commit returned ({@link CommittedReadings#committedAt()}), minus that timestamp. Taken
 * from the commit's stamp rather than when this listener hears of it: the listener shares the event
 * loop with the water rules and the live feed, and queueing behind them is theirs, not ingest's.
 * One sample per message: the readings of a message share device and timestamp.
 */
final class CommitLag implements AutoCloseable {
  private final Instant from;
  private final MessageConsumer<CommittedReadings> consumer;
  private final Map<Long, Long> worstBySecond = new HashMap<>();
  private long[] samples = new long[1 << 16];
  private int count;

  private CommitLag(Vertx vertx, Instant from) {
    this.from = from;
    this.consumer = vertx.eventBus().consumer(CommittedReadings.ADDRESS, m -> record(m.body()));
  }

  /** Starts listening; messages stamped at or after {@code from} count. */
  static CommitLag listen(Vertx vertx, Instant from) {
    return new CommitLag(vertx, from);
  }

  private synchronized void record(CommittedReadings batch) {
    long committedAt = batch.committedAt().toEpochMilli();
    Reading previous = null;
    for (Reading r : batch.readings()) {
      boolean sameMessage = r.sameSampleAs(previous);
      previous = r;
      if (sameMessage || r.ts().isBefore(from)) {
        continue;
      }
      if (count == samples.length) {
        samples = Arrays.copyOf(samples, count * 2);
      }
      long lag = committedAt - r.ts().toEpochMilli();
      samples[count++] = lag;
      worstBySecond.merge(r.ts().getEpochSecond(), lag, Math::max);
    }
  }

  /** The given percentiles (0..1) of the lags recorded so far, in milliseconds. */
  synchronized long[] percentilesMs(double... quantiles) {
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    long[] result = new long[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      int rank = (int) Math.ceil(quantiles[i] * count) - 1; // nearest-rank percentile
      result[i] = count == 0 ? -1 : sorted[Math.max(0, Math.min(count - 1, rank))];
    }
    return result;
  }

  /** Per second of publishing, the worst lag: where the tail of the distribution comes from. */
  synchronized String worstSeconds(int n) {
    return worstBySecond.entrySet().stream()
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(n)
        .map(e -> Instant.ofEpochSecond(e.getKey()) + "=" + e.getValue() + "ms")
        .toList()
        .toString();
  }

  synchronized int count() {
    return count;
  }

  @Override
  public void close() {
    consumer.unregister();
  }
}
