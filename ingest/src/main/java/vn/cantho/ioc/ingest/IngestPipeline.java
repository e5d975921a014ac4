package vn.cantho.ioc.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.DerivedStep;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;

/**
 * Validates readings, then batches them by size and time into the database on one writer thread.
 *
 * <p>Back-pressure instead of loss: the pipeline holds a bounded amount of input (counted in
 * readings, and in kilobytes for quarantined payloads); when it is full, {@link #submit} blocks its
 * caller (an adapter's I/O thread, so the broker stops sending). When the database is down, the
 * writer retries the same batch with back-off and completes nobody's future until it is committed,
 * so nothing is acknowledged upstream that is not stored.
 */
public final class IngestPipeline implements ReadingSink, HealthIndicator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(30);

  private final List<DerivedStep> derivedSteps;
  private final Vertx vertx;
  private final ReadingValidator validator;
  private final BatchWriter writer;
  private final IngestConfig config;
  private final IngestStats stats = new IngestStats();
  private final IngestMetrics metrics;
  private final Clock clock;
  private final Semaphore capacity;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  private volatile boolean running = true;
  private volatile long giveUpAtNanos = Long.MAX_VALUE;
  private volatile String lastError;

  public IngestPipeline(
      Vertx vertx,
      DeviceRegistry registry,
      MetricCatalog catalog,
      List<DerivedStep> derivedSteps,
      ReadingWriter readingWriter,
      QuarantineStore quarantine,
      IngestConfig config,
      Clock clock,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.derivedSteps = List.copyOf(derivedSteps);
    this.clock = clock;
    this.validator = new ReadingValidator(registry, catalog, clock, config.retention());
    this.config = config;
    this.capacity = new Semaphore(config.queueCapacity());
    this.metrics =
        new IngestMetrics(
            meters, stats, () -> config.queueCapacity() - capacity.availablePermits());
    this.writer = new BatchWriter(readingWriter, quarantine, stats, metrics, clock);
    this.writerThread = new Thread(this::writeLoop, "ioc-ingest-writer");
    this.writerThread.setDaemon(true);
    this.writerThread.start();
  }

  public IngestStats stats() {
    return stats;
  }

  @Override
  public Future<Void> submit(List<Reading> readings) {
    return submitReporting(readings).mapEmpty();
  }

  @Override
  public Future<Map<Integer, String>> submitReporting(List<Reading> readings) {
    List<Reading> accepted = new ArrayList<>(readings.size());
    List<Rejected> rejected = new ArrayList<>();
    Map<Integer, String> reasons = new LinkedHashMap<>();
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      Optional<String> problem = validator.problem(r);
      if (problem.isPresent()) {
        rejected.add(writer.asRejected(r, problem.get()));
        reasons.put(i, problem.get());
      } else {
        accepted.add(r);
      }
    }
    stats.received.addAndGet(readings.size());
    // Each step sees what was accepted, not what an earlier step derived: steps are independent.
    List<Reading> derived = new ArrayList<>();
    for (DerivedStep step : derivedSteps) {
      derived.addAll(step.derive(accepted));
    }
    if (!derived.isEmpty()) {
      stats.derived.addAndGet(derived.size());
      accepted.addAll(derived);
    }
    return enqueue(accepted, rejected).map(v -> reasons);
  }

  @Override
  public Future<Void> reject(Rejected rejected) {
    stats.received.incrementAndGet();
    return enqueue(List.of(), List.of(rejected));
  }

  private Future<Void> enqueue(List<Reading> accepted, List<Rejected> rejected) {
    if (!running) {
      return Future.failedFuture("ingest pipeline is stopped");
    }
    if (Context.isOnEventLoopThread()) {
      return Future.failedFuture(
          new IllegalStateException("submit blocks; call it off the event loop"));
    }
    int permits = Math.min(weight(accepted, rejected), config.queueCapacity());
    try {
      capacity.acquire(permits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    }
    Promise<Void> promise = Promise.promise();
    queue.add(new Pending(accepted, rejected, promise, permits));
    return promise.future();
  }

  /** A reading weighs one; quarantined input one per started kilobyte, so memory stays bounded. */
  private static int weight(List<Reading> accepted, List<Rejected> rejected) {
    int weight = accepted.size();
    for (Rejected r : rejected) {
      weight += 1 + r.raw().length / 1024;
    }
    return Math.max(1, weight);
  }

  private void writeLoop() {
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(250, TimeUnit.MILLISECONDS);
        if (first != null) {
          writeAndSettle(collectBatch(first));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A bug must not end the writer: every later reading would wait forever.
        LOG.error("Ingest writer error", e);
      }
    }
  }

  /**
   * Commits the batch and settles it, whatever happens: a batch never settled would keep its share
   * of the pipeline's capacity and its submitters waiting for good. One not committed (at shutdown,
   * or through a bug) fails, so nothing of it is acknowledged and the broker delivers it again.
   */
  private void writeAndSettle(List<Pending> batch) throws InterruptedException {
    List<Reading> stored = null;
    String notCommitted = "ingest stopped before the batch was committed";
    try {
      stored = writeUntilCommitted(batch);
    } catch (RuntimeException e) {
      LOG.error("Ingest writer error; the batch is not committed", e);
      notCommitted = "batch not committed: " + e;
    } finally {
      settle(batch, stored, notCommitted);
    }
  }

  /**
   * The first submission plus what joins it within maxDelay, up to maxBatch. What queued while the
   * previous batch committed is taken at once, so under load batches grow without waiting.
   */
  private List<Pending> collectBatch(Pending first) throws InterruptedException {
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    int size = first.size();
    long deadline = System.nanoTime() + config.maxDelay().toNanos();
    while (size < config.maxBatch()) {
      Pending next = queue.poll();
      if (next == null) {
        long left = deadline - System.nanoTime();
        next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
      }
      if (next == null) {
        break;
      }
      batch.add(next);
      size += next.size();
    }
    return batch;
  }

  /** Returns the stored readings, or null when the pipeline gave up at shutdown. */
  private List<Reading> writeUntilCommitted(List<Pending> batch) throws InterruptedException {
    List<Reading> readings = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (Pending p : batch) {
      readings.addAll(p.accepted());
      rejected.addAll(p.rejected());
    }
    // Two steps, each retried on its own, so a retry never quarantines the same input twice.
    if (!rejected.isEmpty()
        && retry(
                () -> {
                  writer.quarantine(rejected);
                  return List.of();
                })
            == null) {
      return null;
    }
    if (readings.isEmpty()) {
      return readings;
    }
    long started = System.nanoTime();
    List<Reading> stored = retry(() -> writer.store(readings));
    if (stored != null) {
      metrics.committed(stored, Duration.ofNanos(System.nanoTime() - started), clock.instant());
    }
    return stored;
  }

  /** Runs the step until it commits; null when giving up at shutdown. */
  private List<Reading> retry(Step step) throws InterruptedException {
    Duration backoff = Duration.ofMillis(100);
    while (true) {
      try {
        List<Reading> done = step.run();
        lastError = null;
        return done;
      } catch (SQLException e) {
        stats.failedBatches.incrementAndGet();
        lastError = e.getMessage();
        if (System.nanoTime() > giveUpAtNanos) {
          LOG.warn("Shutting down with a batch uncommitted; the broker will deliver it again");
          return null;
        }
        LOG.warn("Batch not committed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
        Thread.sleep(backoff.toMillis());
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  @FunctionalInterface
  private interface Step {
    List<Reading> run() throws SQLException;
  }

  /**
   * Frees the capacity first, then tells each submitter, each in isolation: a listener that throws
   * must not strand the others. A null result fails them with {@code notCommitted} (no ack).
   */
  private void settle(List<Pending> batch, List<Reading> stored, String notCommitted) {
    Instant committedAt = clock.instant();
    for (Pending p : batch) {
      capacity.release(p.permits());
    }
    for (Pending p : batch) {
      try {
        if (stored == null) {
          p.promise().fail(notCommitted);
        } else {
          p.promise().complete();
        }
      } catch (RuntimeException e) {
        LOG.error("Ingest listener failed", e);
      }
    }
    if (stored != null && !stored.isEmpty()) {
      vertx
          .eventBus()
          .publish(
              CommittedReadings.ADDRESS, new CommittedReadings(List.copyOf(stored), committedAt));
    }
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Future<Health> check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("received", stats.received());
    details.put("stored", stats.stored());
    details.put("derived", stats.derived());
    details.put("duplicates", stats.duplicates());
    details.put("quarantined", stats.quarantined());
    details.put("unstorable", stats.unstorable());
    details.put("queued", config.queueCapacity() - capacity.availablePermits());
    details.put("failedBatches", stats.failedBatches());
    String error = lastError;
    boolean up = running && writerThread.isAlive() && error == null;
    if (!up) {
      details.put("reason", error == null ? "writer stopped" : error);
    }
    return Future.succeededFuture(new Health(up, details));
  }

  /**
   * Stops accepting, writes what is queued (for at most 30 s, e.g. while the database is down),
   * then stops the writer. What could not be written was never acknowledged upstream.
   */
  @Override
  public void close() {
    running = false;
    giveUpAtNanos = System.nanoTime() + DRAIN_ON_CLOSE.toNanos();
    try {
      writerThread.join(DRAIN_ON_CLOSE.plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Pending(
      List<Reading> accepted, List<Rejected> rejected, Promise<Void> promise, int permits) {
    int size() {
      return accepted.size() + rejected.size();
    }
  }
}
