package vn.cantho.ioc.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    return NODES.stream().map(n -> n.deviceId() + "/" + n.metric()).collect(Collectors.toSet());
  }

  private static String pair(Reading r) {
    return r.deviceId() + "/" + r.metric();
  }

  private static OpcUaMapping mapping(int port, OpcUaSecurity security) {
    return new OpcUaMapping("opc.tcp://127.0.0.1:" + port + "/cantho-sim", security, NODES);
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
