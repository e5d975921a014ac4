package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
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
 * Three nodes ({@code ioc server}, each its own process) share one PostgreSQL and one broker
 * through the share group {@code ioc} (ADR 0022). Devices publish QoS 1 while the leader is killed
 * with SIGKILL: every message the broker acknowledged is stored exactly once, another node takes
 * the leader lock, the dead node's share of the stream is taken by the others within 30 s, no alert
 * is raised twice, and a live-map client on a surviving node sees the last value of every device,
 * whichever node ingested it.
 */
class ClusterTest {
  private static final int NODES = 3;
  private static final int DEVICES = 20;
  private static final int ROUNDS = 120;

  /** Messages a second, all devices together: a steady stream around the kill. */
  private static final int RATE = 200;

  /** The last message of each device carries a dissolved-oxygen value no earlier one has. */
  private static final double LAST_DO = 12.5;

  private static final Duration PICK_UP = Duration.ofSeconds(30);

  @Test
  void threeNodesOnHiveMqSurviveTheLeadersDeath() throws Exception {
    Path data = TestDirs.create("ioc-cluster-hivemq");
    try (EmbeddedBroker broker =
        EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      run(data, broker.uri());
    }
  }

  @Test
  void threeNodesOnMosquittoSurviveTheLeadersDeath() throws Exception {
    assertThat(MosquittoBroker.installed())
        .as("mosquitto not installed (apt-get install mosquitto)")
        .isTrue();
    Path data = TestDirs.create("ioc-cluster-mosquitto");
    try (MosquittoBroker broker =
        MosquittoBroker.start(data.resolve("mosquitto"), DemoStack.freePort())) {
      run(data, broker.uri());
    }
  }

  private void run(Path data, String brokerUri) throws Exception {
    Path registry = data.resolve("devices.json");
    var devices =
        new RegistryGenerator(DemoZones.load(), 19)
            .generate(new FleetSize(DEVICES, 0, 0))
            .devices();
    RegistryFile.write(registry, devices);
    List<String> ids = devices.stream().map(d -> d.id()).toList();

    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"))) {
      DatabaseConfig db = database.config(2);
      char[] password = "cluster-test-password".toCharArray();
      try (Database schema = Database.open(db)) {
        new UserStore(schema, new PasswordHasher())
            .add("cluster.operator", Role.CITY_OPERATOR, List.of(), password);
      }
      // One token key for every node (production: IOC_JWT_SECRET), made before they race for it.
      vn.cantho.ioc.core.auth.SigningSecret.loadOrCreate(data.resolve("jwt-secret"));
      Map<String, Process> nodes = new LinkedHashMap<>();
      Map<String, Integer> ports = new LinkedHashMap<>();
      try {
        for (int i = 1; i <= NODES; i++) {
          String id = "ioc-cluster-" + i;
          nodes.put(
              id,
              ClusterNodes.startNode(
                  data, db, brokerUri, registry, id, Map.of("IOC_MQTT_SHARE_GROUP", "ioc")));
        }
        for (String id : nodes.keySet()) {
          ports.put(id, ClusterNodes.awaitPort(nodes.get(id), data.resolve(id + ".log")));
        }
        DataSource ds = database.dataSource();
        String leader =
            await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> ClusterNodes.leader(ds), l -> l != null);
        String watched = nodes.keySet().stream().filter(n -> !n.equals(leader)).findFirst().get();

        // A live-map client on a node that is not the one to die.
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
        MqttClient client = new MqttClient(brokerUri, "cluster-devices", new MemoryPersistence());
        client.connect();
        Instant killedAt;
        Instant lastPublished;
        try {
          long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
          long next = System.nanoTime();
          killedAt = null;
          for (int round = 0; round <= ROUNDS; round++) {
            for (String id : ids) {
              double value = round == ROUNDS ? LAST_DO : round % 10;
              publish(client, id, base.plusSeconds(round), value);
              acknowledged.incrementAndGet();
              next += interval;
              LockSupport.parkNanos(next - System.nanoTime()); // pacing the stream, not waiting
            }
            if (round == ROUNDS / 3) {
              // SIGKILL: no shutdown hook, no drain, no DISCONNECT; the broker sees the socket go.
              nodes.get(leader).destroyForcibly().waitFor();
              killedAt = Instant.now();
            }
          }
          lastPublished = Instant.now();
        } finally {
          client.disconnect();
          client.close();
        }
        long expected = 2 * acknowledged.get(); // two metrics a message

        // Another node takes the lead once the dead one's session is gone.
        String next =
            await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> ClusterNodes.leader(ds), l -> l != null && !l.equals(leader));
        assertThat(next).isNotEqualTo(leader);

        // Everything the broker acknowledged is stored, the dead node's share included.
        await()
            .atMost(PICK_UP)
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(
                () -> assertThat(ClusterNodes.count(ds, "count(*)")).isEqualTo(expected));
        Duration pickedUp = Duration.between(lastPublished, Instant.now());
        assertThat(ClusterNodes.count(ds, "count(DISTINCT (device_id, metric, ts))"))
            .isEqualTo(expected);

        // A client of a surviving node sees every device's last value, ingested by either node.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> assertThat(lastDo).containsAllEntriesOf(ClusterNodes.allEqual(ids, LAST_DO)));
        live.abort();

        ClusterNodes.assertNoAlertTwice(ds);

        System.out.printf(
            "cluster test on %s: %d messages acknowledged by the broker, %d readings stored once,"
                + " leader %s killed at %s, %s leads now, all stored %d ms after the last"
                + " publish%n",
            brokerUri, acknowledged.get(), expected, leader, killedAt, next, pickedUp.toMillis());
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

  /** QoS 1, retried while Paho's in-flight window is full; returns once the broker acknowledged. */
  private static void publish(MqttClient client, String device, Instant ts, double value) {
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\"" + ts + "\",\"values\":{\"do\":" + value + ",\"ph\":7}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    String topic = "cantho/v1/water/" + device + "/up";
    // As OneDevice: while the broker holds acknowledgements back, Paho refuses more for a while.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              try {
                client.publish(topic, m);
                return true;
              } catch (MqttException e) {
                if (e.getReasonCode()
                    == org.eclipse.paho.mqttv5.client.MqttClientException
                        .REASON_CODE_MAX_INFLIGHT) {
                  return false;
                }
                throw e;
              }
            });
  }
}
