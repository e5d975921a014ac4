package vn.cantho.ioc.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Instant;
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
  private final Instant until;
  private final MessageConsumer<CommittedReadings> consumer;
  private final DelaySamples lagsMs = new DelaySamples();

  private CommitLag(Vertx vertx, Instant from, Instant until) {
    this.from = from;
    this.until = until;
    this.consumer = vertx.eventBus().consumer(CommittedReadings.ADDRESS, m -> record(m.body()));
  }

  /** Starts listening; messages stamped at or after {@code from} count. */
  static CommitLag listen(Vertx vertx, Instant from) {
    return new CommitLag(vertx, from, Instant.MAX);
  }

  /** Starts listening; messages stamped from {@code from} on and before {@code until} count. */
  static CommitLag listen(Vertx vertx, Instant from, Instant until) {
    return new CommitLag(vertx, from, until);
  }

  private void record(CommittedReadings batch) {
    long committedAt = batch.committedAt().toEpochMilli();
    Reading previous = null;
    for (Reading r : batch.readings()) {
      boolean sameMessage = r.sameSampleAs(previous);
      previous = r;
      if (sameMessage || r.ts().isBefore(from) || !r.ts().isBefore(until)) {
        continue;
      }
      lagsMs.add(r.ts().getEpochSecond(), committedAt - r.ts().toEpochMilli());
    }
  }

  /** The given percentiles (0..1) of the lags recorded so far, in milliseconds. */
  long[] percentilesMs(double... quantiles) {
    return lagsMs.percentiles(quantiles);
  }

  /** Per second of publishing, the worst lag: where the tail of the distribution comes from. */
  String worstSeconds(int n) {
    return lagsMs.worstSeconds(n).stream()
        .map(e -> e.getKey() + "=" + e.getValue() + "ms")
        .toList()
        .toString();
  }

  int count() {
    return lagsMs.count();
  }

  @Override
  public void close() {
    consumer.unregister();
  }
}
