package vn.cantho.ioc.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;

/**
 * The Kafka lane against a real broker (KRaft, one node): every record is stored once, a bad one is
 * quarantined with its reason while the rest flow, offsets move only past records the pipeline
 * committed, and the consumer pauses while too much is in flight.
 */
class KafkaIngestAdapterTest {
  private static final Instant BASE = Instant.parse("2026-12-07T00:00:00Z");
  private static KafkaTestBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaTestBroker.start(Files.createTempDirectory("ioc-kafka-test"));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyRecordIsStoredOnceAndABadOneIsQuarantined() throws Exception {
    String topic = "telemetry-once";
    broker.createTopic(topic, 3);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < 30; i++) {
        for (int d = 0; d < 6; d++) {
          send(producer, topic, "dev-" + d, json(BASE.plusSeconds(i), i));
        }
      }
      send(producer, topic, null, json(BASE, 1)); // no key: no device
      send(producer, topic, "dev-0", "{\"values\":".getBytes(StandardCharsets.UTF_8));
      // SenML from the same lane, the device named by the key.
      send(
          producer,
          topic,
          "dev-5",
          ("[{\"bn\":\"dev-5/\",\"n\":\"do\",\"v\":6.5,\"t\":"
                  + BASE.plusSeconds(99).getEpochSecond()
                  + "}]")
              .getBytes(StandardCharsets.UTF_8));
    }
    Store store = new Store();
    try (KafkaIngestAdapter adapter = adapter(topic, "group-once", store, 4_000)) {
      adapter.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(store.stored).hasSize(6 * 30 + 1);
                assertThat(store.rejected).hasSize(2);
              });
      // Offsets follow: every record's offset committed, nothing left for the group to read.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(committed("group-once", topic)).isEqualTo(6 * 30 + 3));
      assertThat(adapter.committedRecords()).isEqualTo(6 * 30 + 3);
      assertThat(adapter.inFlight()).isZero();
    }
    assertThat(store.writes.get()).isEqualTo(6 * 30 + 1); // no reading written twice
    assertThat(store.rejected)
        .extracting(Rejected::reason)
        .anySatisfy(r -> assertThat(r).contains("no key"))
        .anySatisfy(r -> assertThat(r).contains("malformed JSON"));
    assertThat(store.rejected)
        .allSatisfy(r -> assertThat(r.topic()).startsWith(topic + "/"))
        .allSatisfy(r -> assertThat(r.source()).isEqualTo("kafka"));
    assertThat(store.stored).contains("dev-5|do|" + BASE.plusSeconds(99));
  }

  @Test
  void offsetsWaitForTheCommitSoWhatWasNotCommittedIsReadAgain() throws Exception {
    String topic = "telemetry-after-commit";
    int records = 60;
    broker.createTopic(topic, 2);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        send(producer, topic, "dev-" + (i % 4), json(BASE.plusSeconds(i), i));
      }
    }
    Store store = new Store();
    GatedSink gated = new GatedSink(store);
    KafkaIngestAdapter first = adapter(topic, "group-gated", gated, 4_000);
    int released = 25;
    try {
      first.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> gated.held.size() == records);
      // Many polls, each a chance to commit: still nothing, since nothing is in the database.
      long polls = first.polls();
      await().atMost(Duration.ofSeconds(20)).until(() -> first.polls() > polls + 20);
      assertThat(committed("group-gated", topic)).isZero();
      assertThat(first.committedRecords()).isZero();

      // The database commits the first 25 handed over (a prefix of each partition's records).
      gated.release(released);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(committed("group-gated", topic)).isEqualTo(released));
      assertThat(first.committedRecords()).isEqualTo(released);
    } finally {
      // The node dies before the rest commit: its pipeline never completes them.
      first.stopIntake();
      gated.failAll();
      first.close();
    }
    assertThat(committed("group-gated", topic)).isEqualTo(released);

    // Whoever takes the partitions next reads exactly what was not committed.
    Store.Counting second = store.counting();
    try (KafkaIngestAdapter next = adapter(topic, "group-gated", second, 4_000)) {
      next.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(store.stored).hasSize(records));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(committed("group-gated", topic)).isEqualTo(records));
    }
    assertThat(second.submitted.get()).isEqualTo(records - released);
    assertThat(store.writes.get()).isEqualTo(records); // each reading written once
  }

  @Test
  void aRevokedPartitionsRecordsInFlightAreCommittedBeforeItMoves() throws Exception {
    String topic = "telemetry-revoke";
    int records = 40;
    broker.createTopic(topic, 2);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        send(producer, topic, "dev-" + (i % 8), json(BASE.plusSeconds(i), i));
      }
    }
    Store store = new Store();
    GatedSink gated = new GatedSink(store);
    Store.Counting joiner = store.counting();
    try (KafkaIngestAdapter first = adapter(topic, "group-revoke", gated, 4_000)) {
      first.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> gated.held.size() == records);
      try (KafkaIngestAdapter second = adapter(topic, "group-revoke", joiner, 4_000)) {
        second.start();
        // The group moves a partition to the newcomer: the first node waits for its records.
        await().atMost(Duration.ofSeconds(60)).until(() -> first.revoking() > 0);
        gated.open(); // the database commits them while the revoke waits
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(committed("group-revoke", topic)).isEqualTo(records));
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> first.assignedPartitions() == 1 && second.assignedPartitions() == 1);
      }
    }
    // The newcomer started after the committed offsets: it read nothing again.
    assertThat(joiner.submitted.get()).isZero();
    assertThat(store.writes.get()).isEqualTo(records);
  }

  @Test
  void theConsumerPausesWhileTooMuchIsInFlight() throws Exception {
    String topic = "telemetry-paused";
    int records = 300;
    int maxInFlight = 10;
    broker.createTopic(topic, 1);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        send(producer, topic, "dev-" + (i % 3), json(BASE.plusSeconds(i), i));
      }
    }
    Store store = new Store();
    GatedSink gated = new GatedSink(store);
    try (KafkaIngestAdapter adapter = adapter(topic, "group-paused", gated, maxInFlight)) {
      adapter.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> gated.held.size() >= maxInFlight);
      long polls = adapter.polls();
      await().atMost(Duration.ofSeconds(20)).until(() -> adapter.polls() > polls + 20);
      // One poll's worth past the limit at most (max.poll.records follows maxInFlight).
      assertThat(gated.held.size()).isBetween(maxInFlight, 2 * maxInFlight);
      assertThat(adapter.lag()).isGreaterThan(0);

      gated.open();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(store.stored).hasSize(records));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(committed("group-paused", topic)).isEqualTo(records));
      assertThat(gated.maxHeld.get()).isLessThanOrEqualTo(2 * maxInFlight);
    }
  }

  private static KafkaIngestAdapter adapter(
      String topic, String group, ReadingSink sink, int maxInFlight) {
    KafkaIngestConfig config =
        KafkaIngestConfig.of(broker.bootstrap(), "test-" + group)
            .withTopic(topic)
            .withGroup(group)
            .withMaxInFlight(maxInFlight);
    return new KafkaIngestAdapter(
        config, sink, new DeviceRegistry(), MetricCatalog.defaults(), Clock.systemUTC());
  }

  private static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrap(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
  }

  private static byte[] json(Instant ts, double value) {
    return ("{\"ts\":\"" + ts + "\",\"values\":{\"do\":" + value + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Records the group has committed past, over all partitions of the topic. */
  private static long committed(String group, String topic) throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  /** The database: readings unique by (device, metric, ts), and how many writes it took. */
  static final class Store implements ReadingSink {
    final Set<String> stored = ConcurrentHashMap.newKeySet();
    final AtomicInteger writes = new AtomicInteger();
    final ConcurrentLinkedQueue<Rejected> rejected = new ConcurrentLinkedQueue<>();

    @Override
    public Future<Void> submit(List<Reading> readings) {
      for (Reading r : readings) {
        if (stored.add(r.deviceId() + "|" + r.metric() + "|" + r.ts())) {
          writes.incrementAndGet();
        }
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> reject(Rejected r) {
      rejected.add(r);
      return Future.succeededFuture();
    }

    /** This store, counting what one consumer hands it. */
    Counting counting() {
      return new Counting(this);
    }

    static final class Counting implements ReadingSink {
      final Store store;
      final AtomicInteger submitted = new AtomicInteger();

      Counting(Store store) {
        this.store = store;
      }

      @Override
      public Future<Void> submit(List<Reading> readings) {
        submitted.incrementAndGet();
        return store.submit(readings);
      }

      @Override
      public Future<Void> reject(Rejected r) {
        return store.reject(r);
      }
    }
  }

  /** A pipeline whose commits wait until the test lets them happen, in the order handed over. */
  static final class GatedSink implements ReadingSink {
    private final Store store;
    final ConcurrentLinkedQueue<Held> held = new ConcurrentLinkedQueue<>();
    final AtomicInteger maxHeld = new AtomicInteger();
    private volatile boolean open;

    record Held(List<Reading> readings, Promise<Void> promise) {}

    GatedSink(Store store) {
      this.store = store;
    }

    @Override
    public synchronized Future<Void> submit(List<Reading> readings) {
      if (open) {
        return store.submit(readings);
      }
      Promise<Void> p = Promise.promise();
      held.add(new Held(new ArrayList<>(readings), p));
      maxHeld.accumulateAndGet(held.size(), Math::max);
      return p.future();
    }

    @Override
    public Future<Void> reject(Rejected r) {
      return store.reject(r);
    }

    synchronized void release(int n) {
      for (int i = 0; i < n; i++) {
        Held h = held.poll();
        store.submit(h.readings());
        h.promise().complete();
      }
    }

    synchronized void open() {
      open = true;
      release(held.size());
    }

    synchronized void failAll() {
      Held h;
      while ((h = held.poll()) != null) {
        h.promise().fail("ingest pipeline is stopped");
      }
    }
  }
}
