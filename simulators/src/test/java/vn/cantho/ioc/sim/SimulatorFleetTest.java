package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorFleetTest {
  private static final Instant SAMPLE_TIME = Instant.parse("2026-11-23T06:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path brokerDir;
  private static EmbeddedBroker broker;

  /** Started before the broker exists, as in a compose file that starts everything at once. */
  private static SimulatorFleet earlyFleet;

  private final Map<String, String> received = new ConcurrentHashMap<>();
  private MqttClient subscriber;

  @BeforeAll
  static void startBrokerAfterAFleetIsAlreadyRunning() throws Exception {
    int port = EmbeddedBroker.freePort();
    // One-second reports, so that catching up shows within the test.
    List<SimDevice> devices =
        List.of(
            new SimDevice("wq-9001", "water", "shrimp_pond", "Ao tôm", 105.6, 10.0, 1, Map.of()),
            new SimDevice("sl-9001", "lighting", "led_streetlight", "Đèn", 105.7, 10.0, 1, null));
    earlyFleet =
        new SimulatorFleet(
            FleetConfig.defaults("tcp://127.0.0.1:" + port)
                .withConnections(2)
                .withFirstPublishSpread(Duration.ZERO),
            devices);
    earlyFleet.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> earlyFleet.failed() > 0);
    broker = EmbeddedBroker.start(brokerDir, port);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    earlyFleet.close();
    broker.close();
  }

  @BeforeEach
  void subscribe() throws Exception {
    subscriber = new MqttClient(broker.uri(), "test-subscriber", new MemoryPersistence());
    subscriber.connect();
    // Not subscribe(topic, qos, listener): in Paho 1.2.5 that overload recurses forever.
    IMqttMessageListener listener =
        (topic, message) ->
            received.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
    subscriber
        .subscribe(
            new MqttSubscription[] {new MqttSubscription("cantho/v1/#", 1)},
            new IMqttMessageListener[] {listener})
        .waitForCompletion(5_000);
  }

  @AfterEach
  void unsubscribe() throws Exception {
    subscriber.disconnect();
    subscriber.close();
  }

  @Test
  void everyDevicePublishesItsReadingsOnItsOwnTopic() throws Exception {
    List<SimDevice> devices = twentyDevices();
    FleetConfig config =
        FleetConfig.defaults(broker.uri())
            .withConnections(3)
            .withClientIdPrefix("test")
            .withFirstPublishSpread(Duration.ofSeconds(1))
            .withClock(Clock.fixed(SAMPLE_TIME, ZoneOffset.UTC));

    String[] topics =
        devices.stream().map(SimulatorFleetTest::expectedTopic).toArray(String[]::new);
    try (SimulatorFleet fleet = new SimulatorFleet(config, devices)) {
      fleet.start();

      // The broker may deliver to the subscriber before the publisher has its acknowledgement,
      // so the counter is awaited too.
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                // containsKeys, not hasSize: the early fleet publishes to this broker too
                assertThat(received).containsKeys(topics);
                assertThat(fleet.published()).isGreaterThanOrEqualTo(devices.size());
              });
      assertThat(fleet.connectedConnections()).isEqualTo(3);
      assertThat(fleet.failed()).isZero();
    }

    for (SimDevice device : devices) {
      JsonNode payload = JSON.readTree(received.get(expectedTopic(device)));
      assertThat(Instant.parse(payload.get("ts").asText())).isEqualTo(SAMPLE_TIME);
      assertThat(fieldNames(payload.get("values")))
          .containsExactlyElementsOf(ReadingModels.forDomain(device.domain()).metrics());
    }
  }

  @Test
  void aFleetStartedBeforeTheBrokerCatchesUpOnceItIsThere() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(earlyFleet.connectedConnections()).isEqualTo(2);
              assertThat(earlyFleet.published()).isPositive();
            });
  }

  @Test
  void aMissingBrokerNeitherBlocksNorStopsTheSchedule() throws Exception {
    String nobodyListens = "tcp://127.0.0.1:" + EmbeddedBroker.freePort();
    FleetConfig config =
        FleetConfig.defaults(nobodyListens)
            .withConnections(2)
            .withFirstPublishSpread(Duration.ZERO);
    SimulatorFleet fleet = new SimulatorFleet(config, twentyDevices());

    long startedAt = System.nanoTime();
    fleet.start();
    assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(2));

    await().atMost(Duration.ofSeconds(10)).until(() -> fleet.failed() >= 20);
    assertThat(fleet.published()).isZero();
    assertThat(fleet.connectedConnections()).isZero();

    long closingAt = System.nanoTime();
    fleet.close();
    assertThat(Duration.ofNanos(System.nanoTime() - closingAt)).isLessThan(Duration.ofSeconds(10));
  }

  private static String expectedTopic(SimDevice device) {
    return "cantho/v1/" + device.domain() + "/" + device.id() + "/up";
  }

  @Test
  void refusesADeviceNoModelCanSimulate() {
    SimDevice unknown =
        new SimDevice("wq-0001", "water", "oyster_bed", "?", 105.6, 10.0, 15, Map.of());
    FleetConfig config = FleetConfig.defaults("tcp://127.0.0.1:1883");

    assertThatThrownBy(() -> new SimulatorFleet(config, List.of(unknown)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oyster_bed");
  }

  /** Seven water probes, seven traffic detectors and six lamps. */
  private static List<SimDevice> twentyDevices() {
    List<SimDevice> devices = new ArrayList<>();
    WaterSiteType[] types = WaterSiteType.values();
    for (int n = 1; n <= 7; n++) {
      devices.add(Devices.water(DeviceDomain.WATER.deviceId(n), types[n % types.length]));
      devices.add(Devices.traffic(DeviceDomain.TRAFFIC.deviceId(n), 2, 4_000, 45));
    }
    for (int n = 1; n <= 6; n++) {
      devices.add(Devices.lamp(DeviceDomain.LIGHTING.deviceId(n), 100, Map.of()));
    }
    return devices;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
