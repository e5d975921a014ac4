package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.sim.opcua.StationNodes;
import vn.cantho.ioc.sim.opcua.StationSimulatorServer;

class OpcUaIngestAdapterTest {
  private static final String STATION = "flood-cai-khe-01";
  private static final String CABINET = "light-cab-nk-01";
  private static final List<NodeMapping> NODES =
      List.of(
          node(StationNodes.LEVEL_INSIDE, STATION, "level_inside"),
          node(StationNodes.LEVEL_OUTSIDE, STATION, "level_outside"),
          node(StationNodes.PUMP_1, STATION, "pump_1"),
          node(StationNodes.PUMP_2, STATION, "pump_2"),
          node(StationNodes.PUMP_3, STATION, "pump_3"),
          node(StationNodes.GATE_POSITION, STATION, "gate_position"),
          node(StationNodes.CONTACTOR_ON, CABINET, "state"),
          node(StationNodes.TOTAL_POWER, CABINET, "cabinet_power"),
          node(StationNodes.VOLTAGE, CABINET, "voltage"),
          node(StationNodes.CURRENT, CABINET, "current"));
  private static final Duration WAIT = Duration.ofSeconds(20);
  // Three variables the simulator has, one id it does not have in its namespace, and one node in a
  // namespace it does not serve at all.
  private static final List<NodeMapping> KNOWN_AND_UNKNOWN =
      List.of(
          node(StationNodes.LEVEL_INSIDE, STATION, "level_inside"),
          node(StationNodes.PUMP_1, STATION, "pump_1"),
          node(StationNodes.VOLTAGE, CABINET, "voltage"),
          node(StationNodes.STATION + "/no-such-sensor", STATION, "pump_2"),
          new NodeMapping("nsu=urn:vendor:not-on-this-server;s=tank-7", STATION, "pump_3", 200));

  @TempDir Path serverPki;
  @TempDir Path clientPki;

  private final CollectingSink sink = new CollectingSink();
  private StationSimulatorServer server;
  private OpcUaIngestAdapter adapter;

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyMappedNodeArrivesAsAReadingOfItsDeviceAndMetric() throws Exception {
    int port = freePort();
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());

    adapter = OpcUaIngestAdapter.start(mapping(port, OpcUaSecurity.NONE), sink, clientPki);

    await().atMost(WAIT).until(() -> received().containsAll(expectedPairs()));
    assertThat(sink.readings).allSatisfy(r -> assertThat(r.source()).isEqualTo("opcua"));
    assertThat(sink.readings).allSatisfy(r -> assertThat(r.quality()).isEqualTo(Quality.GOOD));
    assertThat(sink.readings)
        .filteredOn(r -> r.metric().startsWith("pump_") || r.metric().equals("state"))
        .allSatisfy(r -> assertThat(r.value()).isIn(0.0, 1.0));
    assertThat(sink.readings)
        .filteredOn(r -> r.metric().equals("voltage"))
        .allSatisfy(r -> assertThat(r.value()).isBetween(200.0, 240.0));
    assertThat(sink.rejected).isEmpty();
    assertThat(health().up()).isTrue();
    assertThat(health().details()).containsEntry("securityPolicy", "None");
  }

  @Test
  void signsAndEncryptsWithBasic256Sha256() throws Exception {
    int port = freePort();
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());

    adapter =
        OpcUaIngestAdapter.start(mapping(port, OpcUaSecurity.BASIC256SHA256), sink, clientPki);

    await().atMost(WAIT).until(() -> received().containsAll(expectedPairs()));
    assertThat(health().details()).containsEntry("securityPolicy", "Basic256Sha256");
    assertThat(clientPki.resolve(ClientCertificate.FILE)).exists();
    assertThat(clientPki.resolve(TrustOnFirstUseValidator.FILE)).exists();
  }

  @ParameterizedTest
  @EnumSource(OpcUaSecurity.class)
  void connectsToTheDialledHostWhenTheServerAdvertisesAnotherOne(OpcUaSecurity security)
      throws Exception {
    int port = freePort();
    // Like a SCADA gateway announcing its plant DNS name: the name does not resolve from here.
    server =
        StationSimulatorServer.start(port, serverPki, Clock.systemUTC(), "scada-gw.plant.invalid");

    adapter = OpcUaIngestAdapter.start(mapping(port, security), sink, clientPki);

    await().atMost(WAIT).until(() -> received().containsAll(expectedPairs()));
    assertThat(health().up()).isTrue();
    assertThat(health().details())
        .containsEntry("endpoint", "opc.tcp://127.0.0.1:" + port + "/cantho-sim")
        .containsEntry("securityPolicy", security.fileName());
  }

  @Test
  void reportsRefusedNodesInHealthAndStillIngestsTheOthers() throws Exception {
    int port = freePort();
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());

    adapter =
        OpcUaIngestAdapter.start(
            mapping(port, OpcUaSecurity.NONE, KNOWN_AND_UNKNOWN), sink, clientPki);

    await().atMost(WAIT).until(() -> received().containsAll(knownPairs()));
    assertRefusalsReported();
  }

  @Test
  void recountsCreatedAndRefusedNodesWhenTheServerComesBackDifferent() throws Exception {
    int port = freePort();
    // First a server that knows none of the nodes: nothing flows, so the component is down.
    BareOpcUaServer bare = BareOpcUaServer.start(port);
    try {
      adapter =
          OpcUaIngestAdapter.start(
              mapping(port, OpcUaSecurity.NONE, KNOWN_AND_UNKNOWN), sink, clientPki);
      await().atMost(WAIT).until(() -> health().details().containsKey("refusedNodes"));
      assertThat(health().up()).isFalse();
      assertThat(health().details())
          .containsEntry("nodes", 0)
          .containsEntry("refused", 5)
          .containsEntry("reason", "the server refused every mapped node");
    } finally {
      bare.close();
    }
    await().atMost(WAIT).until(() -> !health().details().containsKey("refusedNodes"));

    // Then, on the same address, the real one: the new subscription counts afresh.
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());

    await().atMost(Duration.ofSeconds(30)).until(() -> received().containsAll(knownPairs()));
    await().atMost(WAIT).until(() -> health().up());
    assertRefusalsReported();
  }

  private void assertRefusalsReported() {
    Health health = health();
    assertThat(health.up()).isTrue();
    assertThat(health.details())
        .containsEntry("nodes", 3)
        .containsEntry("mapped", 5)
        .containsEntry("refused", 2);
    assertThat(health.details().get("refusedNodes"))
        .asInstanceOf(LIST)
        .containsExactly(
            Map.of(
                "nodeId",
                StationNodes.expandedNodeId(StationNodes.STATION + "/no-such-sensor"),
                "deviceId",
                STATION,
                "metric",
                "pump_2",
                "reason",
                "Bad_NodeIdUnknown"),
            Map.of(
                "nodeId", "nsu=urn:vendor:not-on-this-server;s=tank-7",
                "deviceId", STATION,
                "metric", "pump_3",
                "reason", "Bad_NodeIdUnknown: namespace not served by this server"));
    assertThat(received()).doesNotContain(STATION + "/pump_2", STATION + "/pump_3");
  }

  @Test
  void resubscribesAfterTheServerRestartsAndHealthFollows() throws Exception {
    int port = freePort();
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());
    adapter = OpcUaIngestAdapter.start(mapping(port, OpcUaSecurity.NONE), sink, clientPki);
    await().atMost(WAIT).until(() -> received().containsAll(expectedPairs()));
    assertThat(health().up()).isTrue();

    server.close();
    server = null;
    await().atMost(WAIT).until(() -> !health().up());
    sink.readings.clear();

    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());

    await().atMost(Duration.ofSeconds(30)).until(() -> received().containsAll(expectedPairs()));
    await().atMost(WAIT).until(() -> health().up());
  }

  @Test
  void startsBeforeTheServerAndConnectsWhenItAppears() throws Exception {
    int port = freePort();
    adapter = OpcUaIngestAdapter.start(mapping(port, OpcUaSecurity.NONE), sink, clientPki);
    assertThat(health().up()).isFalse();

    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());

    await().atMost(WAIT).until(() -> received().containsAll(expectedPairs()));
  }

  private Health health() {
    return adapter.check().result();
  }

  private Set<String> received() {
    return sink.readings.stream().map(OpcUaIngestAdapterTest::pair).collect(Collectors.toSet());
  }

  private static Set<String> expectedPairs() {
    return pairs(NODES);
  }

  private static Set<String> knownPairs() {
    return pairs(KNOWN_AND_UNKNOWN.subList(0, 3));
  }

  private static Set<String> pairs(List<NodeMapping> nodes) {
    return nodes.stream().map(n -> n.deviceId() + "/" + n.metric()).collect(Collectors.toSet());
  }

  private static String pair(Reading r) {
    return r.deviceId() + "/" + r.metric();
  }

  private static OpcUaMapping mapping(int port, OpcUaSecurity security) {
    return mapping(port, security, NODES);
  }

  private static OpcUaMapping mapping(int port, OpcUaSecurity security, List<NodeMapping> nodes) {
    return new OpcUaMapping("opc.tcp://127.0.0.1:" + port + "/cantho-sim", security, nodes);
  }

  private static NodeMapping node(String identifier, String deviceId, String metric) {
    return new NodeMapping(StationNodes.expandedNodeId(identifier), deviceId, metric, 200);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
