package vn.cantho.ioc.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;

/**
 * Validates readings, then batches them by size and time into the database on one writer thread.
 *
 * <p>Back-pressure instead of loss: the pipeline holds at most {@code queueCapacity} readings; when
 * it is full, {@link #submit} blocks its caller (an adapter's I/O thread, so the broker stops
 * sending). When the database fails, the writer retries the same batch with back-off and completes
 * nobody's future until it is committed, so nothing is acknowledged upstream that is not stored.
 */
public final class IngestPipeline implements ReadingSink, HealthIndicator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ReadingValidator validator;
  private final ReadingWriter writer;
  private final QuarantineStore quarantine;
  private final IngestConfig config;
  private final Clock clock;
  private final IngestStats stats = new IngestStats();
  private final Semaphore capacity;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writerThread;
  private volatile boolean running = true;
  private volatile String lastError;

  public IngestPipeline(
      Vertx vertx,
      DeviceRegistry registry,
      MetricCatalog catalog,
      ReadingWriter writer,
      QuarantineStore quarantine,
      IngestConfig config,
      Clock clock) {
    this.vertx = vertx;
    this.validator = new ReadingValidator(registry, catalog, clock, config.retention());
    this.writer = writer;
    this.quarantine = quarantine;
    this.config = config;
    this.clock = clock;
    this.capacity = new Semaphore(config.queueCapacity());
    this.writerThread = new Thread(this::writeLoop, "ioc-ingest-writer");
    this.writerThread.setDaemon(true);
    this.writerThread.start();
  }

  public IngestStats stats() {
    return stats;
  }

  @Override
  public Future<Void> submit(List<Reading> readings) {
    List<Reading> accepted = new ArrayList<>(readings.size());
    List<Rejected> rejected = new ArrayList<>();
    for (Reading r : readings) {
      Optional<String> problem = validator.problem(r);
      if (problem.isPresent()) {
        rejected.add(asRejected(r, problem.get()));
      } else {
        accepted.add(r);
      }
    }
    stats.received.addAndGet(readings.size());
    return enqueue(accepted, rejected);
  }

  @Override
  public Future<Void> reject(Rejected rejected) {
    return enqueue(List.of(), List.of(rejected));
  }

  private Future<Void> enqueue(List<Reading> accepted, List<Rejected> rejected) {
    if (!running) {
      return Future.failedFuture("ingest pipeline is stopped");
    }
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      return Future.failedFuture(
          new IllegalStateException("submit blocks; call it off the event loop"));
    }
    int permits = permits(accepted.size() + rejected.size());
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

  private int permits(int items) {
    return Math.max(1, Math.min(items, config.queueCapacity()));
  }

  private Rejected asRejected(Reading r, String reason) {
    String raw =
        new JsonObject(
                Map.of(
                    "deviceId", r.deviceId(),
                    "metric", r.metric(),
                    "ts", r.ts().toString(),
                    "value", String.valueOf(r.value())))
            .encode();
    return new Rejected(
        r.source(),
        null,
        r.deviceId(),
        reason,
        raw.getBytes(StandardCharsets.UTF_8),
        clock.instant());
  }

  private void writeLoop() {
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(250, TimeUnit.MILLISECONDS);
        if (first != null) {
          writeUntilCommitted(collectBatch(first));
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

  private List<Pending> collectBatch(Pending first) throws InterruptedException {
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    int size = first.size();
    long deadline = System.nanoTime() + config.maxDelay().toNanos();
    while (size < config.maxBatch()) {
      long left = deadline - System.nanoTime();
      long wait = Math.min(left, config.linger().toNanos());
      Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      batch.add(next);
      size += next.size();
    }
    return batch;
  }

  private void writeUntilCommitted(List<Pending> batch) throws InterruptedException {
    List<Reading> readings = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (Pending p : batch) {
      readings.addAll(p.accepted());
      rejected.addAll(p.rejected());
    }
    Duration backoff = Duration.ofMillis(100);
    while (true) {
      try {
        quarantine.write(rejected);
        rejected = List.of(); // committed; a retry must not quarantine twice
        int inserted = writer.write(readings);
        stats.stored.addAndGet(inserted);
        stats.duplicates.addAndGet(readings.size() - inserted);
        stats.quarantined.addAndGet(batch.stream().mapToLong(p -> p.rejected().size()).sum());
        lastError = null;
        break;
      } catch (java.sql.SQLException e) {
        stats.failedBatches.incrementAndGet();
        lastError = e.getMessage();
        LOG.warn(
            "Batch of {} readings not committed, retrying in {} ms: {}",
            readings.size(),
            backoff.toMillis(),
            e.getMessage());
        Thread.sleep(backoff.toMillis());
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
    for (Pending p : batch) {
      capacity.release(p.permits());
      p.promise().complete();
    }
    if (!readings.isEmpty()) {
      vertx
          .eventBus()
          .publish(CommittedReadings.ADDRESS, new CommittedReadings(List.copyOf(readings)));
    }
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Future<Health> check() {
    Map<String, Object> details =
        Map.of(
            "received", stats.received(),
            "stored", stats.stored(),
            "quarantined", stats.quarantined(),
            "queued", config.queueCapacity() - capacity.availablePermits(),
            "failedBatches", stats.failedBatches());
    boolean up = running && writerThread.isAlive() && lastError == null;
    return Future.succeededFuture(up ? Health.up(details) : new Health(false, withError(details)));
  }

  private Map<String, Object> withError(Map<String, Object> details) {
    var copy = new java.util.LinkedHashMap<>(details);
    copy.put("reason", lastError == null ? "writer stopped" : lastError);
    return copy;
  }

  /** Stops accepting, writes what is queued, then stops the writer. */
  @Override
  public void close() {
    running = false;
    try {
      writerThread.join(Duration.ofSeconds(30).toMillis());
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
