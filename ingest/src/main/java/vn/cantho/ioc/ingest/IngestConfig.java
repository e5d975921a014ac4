package vn.cantho.ioc.ingest;

import java.time.Duration;

/**
 * Tuning of the pipeline.
 *
 * @param queueCapacity readings waiting for the writer at most; when full, submitters wait
 * @param maxBatch readings written in one transaction at most
 * @param maxDelay how long the first reading of a batch may wait for others to join it. Short:
 *     upstream acknowledgements wait for the commit and a broker sends only a window of
 *     unacknowledged messages, so waiting longer would throttle the flow. Under load batches grow
 *     anyway, from what queues up while the previous one commits.
 * @param retention readings older than this are refused (they would be dropped by retention)
 */
public record IngestConfig(int queueCapacity, int maxBatch, Duration maxDelay, Duration retention) {

  public static IngestConfig defaults() {
    return new IngestConfig(50_000, 20_000, Duration.ofMillis(5), Duration.ofDays(30));
  }

  /** The same, refusing what the database's own retention would drop. */
  public IngestConfig withRetention(Duration retention) {
    return new IngestConfig(queueCapacity, maxBatch, maxDelay, retention);
  }
}
