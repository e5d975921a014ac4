package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.adapters.kafka.KafkaIngestConfig;
import vn.cantho.ioc.adapters.kafka.KafkaTestBroker;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DatabaseConfig;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;

/**
 * Three nodes ({@code ioc server}, each its own process) consume one Kafka topic, keyed by device
 * id, in one consumer group (ADR 0024), on one PostgreSQL. A producer writes the devices' payloads
 * while the leader is killed with SIGKILL: every record the broker acknowledged is stored exactly
 * once, the dead node's partitions are read by a survivor within 30 s of the kill, no alert is
 * raised twice, a live-map client on a survivor sees every device's last value, and the group's
 * committed offsets reach the end of every partition.
 */
class KafkaClusterTest {
  private static final int NODES = 3;
  private static final int PARTITIONS = 6;
  private static final int DEVICES = 30;
  private static final int ROUNDS = 100;

  /** Records a second, all devices together. */
  private static final int RATE = 200;

  private static final double LAST_DO = 12.5;
  private static final Duration PICK_UP = Duration.ofSeconds(30);
  private static final String GROUP = KafkaIngestConfig.DEFAULT_GROUP;
  private static final String TOPIC = KafkaIngestConfig.DEFAULT_TOPIC;

  @Test
  void threeNodesOnKafkaSurviveTheLeadersDeath() throws Exception {
    Path data = TestDirs.create("ioc-cluster-kafka");
    Path registry = data.resolve("devices.json");
    var devices =
        new RegistryGenerator(DemoZones.load(), 24)
            .generate(new FleetSize(DEVICES, 0, 0))
            .devices();
    RegistryFile.write(registry, devices);
    List<String> ids = devices.stream().map(d -> d.id()).toList();

    try (KafkaTestBroker kafka = KafkaTestBroker.start(data.resolve("kafka"));
        EmbeddedBroker mqtt = EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort());
        EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        Admin admin = kafka.admin()) {
      kafka.createTopic(TOPIC, PARTITIONS);
      DatabaseConfig db = database.config(2);
      char[] password = "cluster-test-password".toCharArray();
      try (Database schema = Database.open(db)) {
        new UserStore(schema, new PasswordHasher())
            .add("cluster.operator", Role.CITY_OPERATOR, List.of(), password);
      }
      vn.cantho.ioc.core.auth.SigningSecret.loadOrCreate(data.resolve("jwt-secret"));
      Map<String, Process> nodes = new LinkedHashMap<>();
      Map<String, Integer> ports = new LinkedHashMap<>();
      try {
        for (int i = 1; i <= NODES; i++) {
          String id = "ioc-kafka-" + i;
          nodes.put(
              id,
              ClusterNodes.startNode(
                  data,
                  db,
                  mqtt.uri(),
                  registry,
                  id,
                  Map.of("IOC_KAFKA_BOOTSTRAP", kafka.bootstrap())));
        }
        for (String id : nodes.keySet()) {
          ports.put(id, ClusterNodes.awaitPort(nodes.get(id), data.resolve(id + ".log")));
        }
        DataSource ds = database.dataSource();
        String leader =
            await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> ClusterNodes.leader(ds), l -> l != null);
        // Every node holds partitions before the stream starts.
        Map<String, Set<TopicPartition>> owners =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> assignment(admin), a -> a.size() == NODES && covers(a.values()));
        Set<TopicPartition> orphaned = owners.get(leader);
        String watched = nodes.keySet().stream().filter(n -> !n.equals(leader)).findFirst().get();

        Map<String, Double> lastDo = new ConcurrentHashMap<>();
        ApiClient api = ClusterNodes.signIn(ports.get(watched), password);
        WebSocket live =
            api.live(
                m -> {
                  if ("reading".equals(m.path("type").asText()) && m.path("values").has("do")) {
                    lastDo.put(m.path("deviceId").asText(), m.path("values").path("do").asDouble());
                  }
                });

        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2 * 3_600);
        AtomicLong acknowledged = new AtomicLong();
        AtomicReference<Exception> refused = new AtomicReference<>();
        Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
        CompletableFuture<Duration> pickUp = null;
        Instant lastProduced;
        try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrap())) {
          long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
          long next = System.nanoTime();
          for (int round = 0; round <= ROUNDS; round++) {
            for (String id : ids) {
              double value = round == ROUNDS ? LAST_DO : round % 10;
              producer.send(
                  new ProducerRecord<>(TOPIC, id, payload(base.plusSeconds(round), value)),
                  (meta, e) -> {
                    if (e == null) {
                      acknowledged.incrementAndGet();
                      partitionOf.put(id, meta.partition());
                    } else {
                      refused.set(e);
                    }
                  });
              next += interval;
              LockSupport.parkNanos(next - System.nanoTime()); // pacing the stream, not waiting
            }
            if (round == ROUNDS / 3) {
              producer.flush(); // every device's partition known before the kill
              List<String> orphans =
                  ids.stream()
                      .filter(d -> orphaned.contains(new TopicPartition(TOPIC, partitionOf.get(d))))
                      .toList();
              assertThat(orphans).as("devices on the dying node's partitions").isNotEmpty();
              // SIGKILL: no shutdown hook, no offset commit, no leaving the group.
              nodes.get(leader).destroyForcibly().waitFor();
              long before = readingsOf(ds, orphans);
              long killedAt = System.nanoTime();
              pickUp =
                  CompletableFuture.supplyAsync(
                      () -> {
                        await()
                            .atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> readingsOf(ds, orphans) > before);
                        return Duration.ofNanos(System.nanoTime() - killedAt);
                      });
            }
          }
          producer.flush();
          lastProduced = Instant.now();
        }
        assertThat(refused.get()).as("a record the broker refused").isNull();
        long expected = 2 * acknowledged.get(); // two metrics a record

        // A survivor reads the dead node's partitions within the bound.
        Duration pickedUp = pickUp.get(90, TimeUnit.SECONDS);
        assertThat(pickedUp).isLessThan(PICK_UP);
        String nextLeader =
            await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> ClusterNodes.leader(ds), l -> l != null && !l.equals(leader));

        // Everything the broker acknowledged is stored once.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(
                () -> assertThat(ClusterNodes.count(ds, "count(*)")).isEqualTo(expected));
        Duration allStored = Duration.between(lastProduced, Instant.now());
        assertThat(ClusterNodes.count(ds, "count(DISTINCT (device_id, metric, ts))"))
            .isEqualTo(expected);

        // The survivors own every partition, and their offsets reach the end of each.
        Map<String, Set<TopicPartition>> after = assignment(admin);
        assertThat(after).doesNotContainKey(leader).hasSize(NODES - 1);
        assertThat(covers(after.values())).isTrue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lag(admin)).isZero());

        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> assertThat(lastDo).containsAllEntriesOf(ClusterNodes.allEqual(ids, LAST_DO)));
        live.abort();

        ClusterNodes.assertNoAlertTwice(ds);

        System.out.printf(
            "kafka cluster test: %d records acknowledged by the broker, %d readings stored once,"
                + " leader %s (partitions %s) killed, %s leads now, its partitions' first reading"
                + " stored by a survivor %d ms after the kill, all stored %d ms after the last"
                + " record%n",
            acknowledged.get(),
            expected,
            leader,
            orphaned.stream().map(TopicPartition::partition).sorted().toList(),
            nextLeader,
            pickedUp.toMillis(),
            allStored.toMillis());
      } finally {
        for (Process p : nodes.values()) {
          p.destroy();
        }
        for (Process p : nodes.values()) {
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
          }
        }
      }
    }
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static byte[] payload(Instant ts, double value) {
    return ("{\"ts\":\"" + ts + "\",\"values\":{\"do\":" + value + ",\"ph\":7}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Each member's partitions, by client id (the node id), while the group is stable. */
  private static Map<String, Set<TopicPartition>> assignment(Admin admin) throws Exception {
    ConsumerGroupDescription group =
        admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
    if (group.groupState() != GroupState.STABLE) {
      return Map.of();
    }
    return group.members().stream()
        .collect(
            Collectors.toMap(
                MemberDescription::clientId,
                m -> Set.copyOf(m.assignment().topicPartitions()),
                (a, b) -> a));
  }

  private static boolean covers(Collection<Set<TopicPartition>> assigned) {
    return assigned.stream().mapToInt(Set::size).sum() == PARTITIONS;
  }

  /** Records past the group's committed offsets, over all partitions. */
  private static long lag(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(GROUP)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
    }
    long lag = 0;
    for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += e.getValue().offset() - (c == null ? 0 : c.offset());
    }
    return lag;
  }

  private static long readingsOf(DataSource ds, List<String> devices) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM readings WHERE metric = 'do' AND device_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", devices.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
