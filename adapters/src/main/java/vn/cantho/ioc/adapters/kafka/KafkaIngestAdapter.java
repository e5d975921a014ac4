package vn.cantho.ioc.adapters.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.codec.Decoded;
import vn.cantho.ioc.adapters.codec.DevicePayload;
import vn.cantho.ioc.adapters.mqtt.MqttIngestConfig;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;

/**
 * Consumes device telemetry from a Kafka topic in a consumer group and hands it to the pipeline
 * (ADR 0024). A record's key is the device id, its value the payload the device would publish over
 * MQTT.
 *
 * <p>Offsets are committed only up to the last record whose readings (or quarantined input) are all
 * committed to the database, record by record in offset order per partition. A node that dies
 * leaves its uncommitted records to whoever takes its partitions; the readings' unique key makes
 * the second write harmless.
 *
 * <p>{@link KafkaConsumer} is not thread-safe: one thread of its own polls, submits, commits
 * offsets and answers rebalances; the pipeline's completions only mark records done. Back-pressure:
 * with {@link KafkaIngestConfig#maxInFlight()} records uncommitted the consumer pauses its
 * partitions (it keeps polling, so it stays in the group) and resumes at half that.
 */
public final class KafkaIngestAdapter implements HealthIndicator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestAdapter.class);
  static final String SOURCE = "kafka";
  private static final Duration POLL = Duration.ofMillis(100);

  /** How long a revoked partition's records may take to commit before they are left to re-read. */
  static final Duration REVOKE_WAIT = Duration.ofSeconds(10);

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final KafkaIngestConfig config;
  private final ReadingSink sink;
  private final DeviceRegistry registry;
  private final MetricCatalog catalog;
  private final Clock clock;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;

  // Touched by the poll thread only.
  private final Map<TopicPartition, ArrayDeque<InFlight>> tracked = new HashMap<>();
  private final Map<TopicPartition, Progress> progress = new HashMap<>();
  private boolean paused;
  private boolean commitPending;

  /** Completions wake a revoke or close that waits for them. */
  private final Object completions = new Object();

  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong committedRecords = new AtomicLong();
  private final AtomicLong rejectedRecords = new AtomicLong();
  private final AtomicLong leftWhileStopping = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();

  /** Partitions being revoked whose records in flight are awaited now (tests watch it). */
  private volatile int revoking;

  private volatile long lag;
  private volatile int assigned;
  private volatile Instant lastPoll;
  private volatile String lastError;
  private volatile boolean running = true;
  private volatile boolean intakeStopped;

  public KafkaIngestAdapter(
      KafkaIngestConfig config,
      ReadingSink sink,
      DeviceRegistry registry,
      MetricCatalog catalog,
      Clock clock) {
    this.config = config;
    this.sink = sink;
    this.registry = registry;
    this.catalog = catalog;
    this.clock = clock;
    this.consumer = new KafkaConsumer<>(config.consumerProperties());
    this.thread = new Thread(this::run, "ioc-kafka-ingest");
    this.thread.setDaemon(true);
  }

  /** Joins the group and starts consuming; returns at once (the group assigns partitions later). */
  public void start() {
    thread.start();
  }

  /** One record handed to the pipeline; its state is set by the pipeline's completion. */
  private static final class InFlight {
    static final int PENDING = 0;
    static final int DONE = 1;
    static final int FAILED = 2;
    final long offset;
    volatile int state = PENDING;

    InFlight(long offset) {
      this.offset = offset;
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(config.topic()), new Rebalance());
      LOG.info(
          "Kafka ingest: {} in group {} at {}",
          config.topic(),
          config.groupId(),
          config.bootstrapServers());
      while (running) {
        try {
          ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
          lastPoll = clock.instant();
          polls.incrementAndGet();
          for (ConsumerRecord<String, byte[]> r : records) {
            if (intakeStopped) {
              // Neither submitted nor committed: read again after the restart.
              leftWhileStopping.incrementAndGet();
            } else {
              handle(r);
            }
          }
          commitDone(tp -> true, false);
          flowControl();
          measureLag();
          lastError = null;
        } catch (WakeupException e) {
          // close() woke us: the loop ends on running
        } catch (KafkaException e) {
          lastError = e.toString();
          LOG.warn("Kafka ingest: {}", e.toString());
          pauseBeforeRetry();
        }
      }
    } catch (RuntimeException e) {
      lastError = e.toString();
      LOG.error("Kafka ingest stopped", e);
    } finally {
      finish();
    }
  }

  private static void pauseBeforeRetry() {
    try {
      TimeUnit.SECONDS.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    Instant receivedAt = clock.instant();
    // Where it came from, for the quarantine: topic/partition@offset.
    String where = r.topic() + "/" + r.partition() + "@" + r.offset();
    String deviceId = r.key();
    byte[] payload = r.value() == null ? new byte[0] : r.value();
    List<Future<Void>> commits = new ArrayList<>(2);
    Optional<String> problem = recordProblem(deviceId, payload);
    if (problem.isPresent()) {
      rejectedRecords.incrementAndGet();
      commits.add(
          sink.reject(new Rejected(SOURCE, where, deviceId, problem.get(), payload, receivedAt)));
    } else {
      Decoded decoded =
          DevicePayload.decode(deviceId, payload, this::catalogUnit, receivedAt, SOURCE);
      for (Decoded.ItemError error : decoded.errors()) {
        byte[] raw =
            error.fragment() == null ? payload : error.fragment().getBytes(StandardCharsets.UTF_8);
        commits.add(
            sink.reject(new Rejected(SOURCE, where, deviceId, error.reason(), raw, receivedAt)));
      }
      if (!decoded.readings().isEmpty()) {
        commits.add(sink.submit(decoded.readings()));
      }
    }
    InFlight entry = new InFlight(r.offset());
    tracked
        .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayDeque<>())
        .add(entry);
    inFlight.incrementAndGet();
    Future.all(commits)
        .onComplete(
            ar -> {
              if (ar.failed() && !intakeStopped) {
                LOG.warn(
                    "Record {} not committed, to be read again: {}", where, ar.cause().toString());
              }
              entry.state = ar.succeeded() ? InFlight.DONE : InFlight.FAILED;
              inFlight.decrementAndGet();
              synchronized (completions) {
                completions.notifyAll();
              }
            });
  }

  /** What makes a record unusable before its payload is read. */
  static Optional<String> recordProblem(String deviceId, byte[] payload) {
    if (deviceId == null || deviceId.isBlank()) {
      return Optional.of("record has no key: the key must be the device id");
    }
    if (payload.length == 0) {
      return Optional.of("record has no value");
    }
    if (payload.length > MqttIngestConfig.MAX_PAYLOAD_BYTES) {
      return Optional.of("payload of " + payload.length + " bytes is over 64 KiB");
    }
    return Optional.empty();
  }

  private String catalogUnit(Reading r) {
    return registry
        .find(r.deviceId())
        .flatMap(d -> catalog.find(d.domain(), r.metric()))
        .map(vn.cantho.ioc.core.catalog.Metric::unit)
        .orElse(null);
  }

  /**
   * Commits, per partition, the offset after the last record that is committed with every record
   * before it. A record the pipeline could not take (it is stopping, or refused it) is read again
   * from its offset.
   */
  private void commitDone(Predicate<TopicPartition> which, boolean sync) {
    for (Map.Entry<TopicPartition, ArrayDeque<InFlight>> e : tracked.entrySet()) {
      if (!which.test(e.getKey())) {
        continue;
      }
      ArrayDeque<InFlight> q = e.getValue();
      Progress p = progress.computeIfAbsent(e.getKey(), tp -> new Progress());
      while (!q.isEmpty() && q.peekFirst().state == InFlight.DONE) {
        p.wanted = q.pollFirst().offset + 1;
        p.popped++;
      }
      if (!q.isEmpty() && q.peekFirst().state == InFlight.FAILED && !intakeStopped) {
        long from = q.peekFirst().offset;
        q.clear(); // the later ones are read again too; their completions only count down
        consumer.seek(e.getKey(), from);
      }
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    Map<TopicPartition, Long> records = new HashMap<>();
    for (Map.Entry<TopicPartition, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      if (which.test(e.getKey()) && p.wanted > p.committed) {
        offsets.put(e.getKey(), new OffsetAndMetadata(p.wanted));
        records.put(e.getKey(), p.popped);
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets);
      committed(offsets, records);
    } else if (!commitPending) {
      // One asynchronous commit at a time; one that fails (a rebalance in progress) is sent again
      // on a later poll, so a partition that goes quiet still gets its last offset committed.
      commitPending = true;
      consumer.commitAsync(
          offsets,
          (done, error) -> {
            commitPending = false;
            if (error == null) {
              committed(offsets, records);
            } else if (error instanceof RetriableException
                || error instanceof RebalanceInProgressException) {
              LOG.debug("Kafka offset commit to be sent again: {}", error.toString());
            } else {
              LOG.warn("Kafka offset commit failed, to be sent again: {}", error.toString());
            }
          });
    }
  }

  /** Runs on the poll thread (commit callbacks run inside poll or commitSync). */
  private void committed(
      Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Long> records) {
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
      Progress p = progress.get(e.getKey());
      long n = records.getOrDefault(e.getKey(), 0L);
      committedRecords.addAndGet(n);
      if (p != null) {
        p.committed = Math.max(p.committed, e.getValue().offset());
        p.popped -= n;
      }
    }
  }

  /** Per partition: the offset to commit, the last one committed, records done since. */
  private static final class Progress {
    long wanted = -1;
    long committed = -1;
    long popped;
  }

  private void flowControl() {
    if (intakeStopped || inFlight.get() >= config.maxInFlight()) {
      consumer.pause(consumer.assignment()); // partitions assigned since are paused too
      if (!paused) {
        paused = true;
        LOG.debug("Kafka ingest paused with {} records in flight", inFlight.get());
      }
    } else if (paused && inFlight.get() <= config.maxInFlight() / 2) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  private void measureLag() {
    long sum = 0;
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong l = consumer.currentLag(tp);
      if (l.isPresent()) {
        sum += l.getAsLong();
      }
    }
    lag = sum;
    assigned = consumer.assignment().size();
  }

  private boolean pendingIn(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      ArrayDeque<InFlight> q = tracked.get(tp);
      if (q != null) {
        for (InFlight f : q) {
          if (f.state == InFlight.PENDING) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Waits (on the poll thread) until the given partitions have nothing pending, or the time. */
  private void awaitCommitted(Collection<TopicPartition> partitions, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    synchronized (completions) {
      while (pendingIn(partitions)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(completions, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Runs on the poll thread, inside {@code poll}. A partition taken away in an orderly rebalance (a
   * node joins or leaves politely) waits for its records in flight, at most {@link #REVOKE_WAIT}
   * (one commit cycle is usually under half a second), and commits their offsets, so its next owner
   * does not read and judge them again. A partition lost (this node was too slow and the group
   * moved on) already belongs to another: nothing is committed, what was in flight is read again.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      revoking = partitions.size();
      try {
        awaitCommitted(partitions, REVOKE_WAIT);
      } finally {
        revoking = 0;
      }
      try {
        commitDone(partitions::contains, true);
      } catch (KafkaException e) {
        LOG.warn("Could not commit revoked partitions {}: {}", partitions, e.toString());
      }
      partitions.forEach(tracked::remove);
      partitions.forEach(progress::remove);
      LOG.info("Kafka partitions revoked: {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(tracked::remove);
      partitions.forEach(progress::remove);
      LOG.warn("Kafka partitions lost, their uncommitted records are read again: {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (paused) {
        consumer.pause(partitions);
      }
      LOG.info("Kafka partitions assigned: {}", partitions);
    }
  }

  /** On the poll thread once the loop ends: last offsets, then leave the group. */
  private void finish() {
    try {
      awaitCommitted(tracked.keySet(), CLOSE_WAIT);
      try {
        commitDone(tp -> true, true);
      } catch (WakeupException e) {
        // close()'s wakeup came between polls and hit this call instead: it is spent now.
        commitDone(tp -> true, true);
      }
    } catch (RuntimeException e) {
      LOG.warn("Kafka ingest: last commit failed: {}", e.toString());
    }
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    } catch (RuntimeException e) {
      LOG.warn("Kafka consumer close: {}", e.toString());
    }
  }

  /**
   * Submits nothing more from now on; what is in flight still gets its offsets committed at close.
   * What is read meanwhile is not committed and is read again after the restart.
   */
  public void stopIntake() {
    intakeStopped = true;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(CLOSE_WAIT.plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (leftWhileStopping.get() > 0) {
      LOG.info(
          "{} Kafka records read while stopping are left uncommitted for the next start",
          leftWhileStopping.get());
    }
  }

  /** Records whose offsets are committed. */
  public long committedRecords() {
    return committedRecords.get();
  }

  /** Polls so far: a test's clock for "the consumer has had every chance to commit". */
  long polls() {
    return polls.get();
  }

  /** Partitions whose in-flight records a revoke is waiting for, 0 when none. */
  int revoking() {
    return revoking;
  }

  /** Records handed to the pipeline and not yet committed. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Records on this node's partitions not yet read, as of the last fetch. */
  public long lag() {
    return lag;
  }

  /** Partitions this node reads now. */
  public int assignedPartitions() {
    return assigned;
  }

  public void bindTo(MeterRegistry meters) {
    Gauge.builder("ioc.kafka.lag", this, a -> a.lag)
        .description("records on this node's Kafka partitions not yet read")
        .register(meters);
    Gauge.builder("ioc.kafka.in.flight", this, a -> a.inFlight.get())
        .description("Kafka records handed to the pipeline, not yet committed")
        .register(meters);
    Gauge.builder("ioc.kafka.assigned.partitions", this, a -> a.assigned)
        .description("Kafka partitions this node reads")
        .register(meters);
    FunctionCounter.builder("ioc.kafka.committed.records", this, a -> a.committedRecords.get())
        .description("Kafka records whose offsets were committed after the database commit")
        .register(meters);
    FunctionCounter.builder("ioc.kafka.rejected.records", this, a -> a.rejectedRecords.get())
        .description("Kafka records quarantined whole (no key, no value, too large)")
        .register(meters);
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Future<Health> check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("topic", config.topic());
    details.put("group", config.groupId());
    details.put("assignedPartitions", assigned);
    details.put("inFlight", inFlight.get());
    details.put("lag", lag);
    Instant polled = lastPoll;
    if (!thread.isAlive()) {
      return Future.succeededFuture(Health.down("Kafka consumer stopped: " + lastError));
    }
    if (polled == null || polled.isBefore(clock.instant().minusSeconds(30))) {
      return Future.succeededFuture(Health.down("Kafka consumer has not polled for 30 s"));
    }
    if (lastError != null) {
      details.put("error", lastError);
      return Future.succeededFuture(new Health(false, details));
    }
    return Future.succeededFuture(Health.up(details));
  }
}
