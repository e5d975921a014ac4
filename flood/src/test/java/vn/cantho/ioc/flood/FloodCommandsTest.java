package vn.cantho.ioc.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.cantho.ioc.adapters.opcua.OpcUaIngestAdapter;
import vn.cantho.ioc.adapters.opcua.OpcUaMappingReader;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.sim.opcua.StationDevices;
import vn.cantho.ioc.sim.opcua.StationSimulatorServer;

/**
 * Pump and gate commands from the flood API through the kernel's command service and the OPC UA
 * downlink to the station simulator's Milo server, the station answering and its water following:
 * who may send them, their audit, their end state.
 */
@ExtendWith(PostgresExtension.class)
class FloodCommandsTest {
  private static final String CAI_KHE = "31120";
  private static final String NINH_KIEU = "31135";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String STATION = StationDevices.STATION_ID;

  @TempDir Path serverPki;
  @TempDir Path clientPki;
  @TempDir Path dir;

  private final Map<String, Double> latest = new ConcurrentHashMap<>();
  private StationSimulatorServer server;
  private OpcUaIngestAdapter adapter;
  private FeatureTestKit kit;

  @BeforeEach
  void start(Database db) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = StationSimulatorServer.start(port, serverPki, Clock.systemUTC());
    Path mapping = dir.resolve("mapping.json");
    StationDevices.writeMapping(mapping, server.endpointUrl(), "None");
    Device station =
        new Device(
            STATION,
            Domain.FLOOD,
            "pumping_station",
            "Trạm bơm Cái Khế",
            105.78,
            10.05,
            CAI_KHE,
            60);
    FloodFeature feature = new FloodFeature();
    kit =
        new FeatureTestKit(
            db, List.of(feature), List.of(station), new ZoneIndex(List.of()), Clock.systemUTC());
    feature.addStations(
        List.of(
            new FloodStation(
                STATION,
                station.name(),
                "level_outside",
                new AlarmLevels(180, 190, 200),
                5,
                2,
                null,
                List.of(CAI_KHE, NINH_KIEU))),
        "test");
    adapter = OpcUaIngestAdapter.start(OpcUaMappingReader.read(mapping), new Latest(), clientPki);
    kit.commands().addDownlink(adapter.downlink());
    await().atMost(WAIT).until(() -> adapter.check().result().up());
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) {
      adapter.close();
    }
    if (kit != null) {
      kit.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The station's values as the adapter's subscription delivers them. */
  private final class Latest implements ReadingSink {
    @Override
    public Future<Void> submit(List<Reading> readings) {
      readings.stream()
          .filter(r -> r.deviceId().equals(STATION))
          .forEach(r -> latest.put(r.metric(), r.value()));
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> reject(Rejected r) {
      return Future.succeededFuture();
    }
  }

  private HttpResponse<String> command(String token, JsonObject body) throws Exception {
    return kit.post("/api/v1/flood/stations/" + STATION + "/commands", token, body.encode());
  }

  /** Sends and waits for the command's end; returns its status. */
  private String carriedOut(String token, JsonObject body) throws Exception {
    HttpResponse<String> r = command(token, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String batch = new JsonObject(r.body()).getString("batchId");
    await().atMost(WAIT).until(() -> batch(token, batch).getInteger("open") == 0);
    JsonObject byStatus = batch(token, batch).getJsonObject("byStatus");
    return byStatus.fieldNames().stream()
        .filter(s -> byStatus.getInteger(s) > 0)
        .findFirst()
        .orElseThrow();
  }

  private JsonObject batch(String token, String id) throws Exception {
    return new JsonObject(kit.get("/api/v1/command-batches/" + id, token).body());
  }

  @Test
  void anOperatorRunsThePumpsAndTheGateAndTheStationFollows() throws Exception {
    String operator = kit.token("fc-city", Role.CITY_OPERATOR, List.of());

    for (int pump = 1; pump <= 3; pump++) {
      assertThat(
              carriedOut(
                  operator,
                  new JsonObject().put("action", "pump").put("pump", pump).put("on", true)))
          .isEqualTo("acknowledged");
    }
    await().atMost(WAIT).until(() -> Double.valueOf(1.0).equals(latest.get("pump_3")));
    assertThat(latest).containsEntry("pump_1", 1.0).containsEntry("pump_2", 1.0);

    assertThat(carriedOut(operator, new JsonObject().put("action", "gate").put("position", 40)))
        .isEqualTo("acknowledged");
    await().atMost(WAIT).until(() -> Double.valueOf(40.0).equals(latest.get("gate_position")));

    assertThat(
            carriedOut(
                operator, new JsonObject().put("action", "pump").put("pump", 2).put("on", false)))
        .isEqualTo("acknowledged");
    await().atMost(WAIT).until(() -> Double.valueOf(0.0).equals(latest.get("pump_2")));
    assertThat(carriedOut(operator, new JsonObject().put("action", "auto")))
        .isEqualTo("acknowledged");

    // Each request is audited under the operator's name, and his twin shows the last one.
    await()
        .atMost(WAIT)
        .until(
            () ->
                kit.auditedActions("fc-city").stream().filter(a -> a.startsWith("command.")).count()
                    == 6);
    assertThat(kit.get("/api/v1/devices/" + STATION + "/twin", operator).statusCode())
        .isEqualTo(200);
  }

  @Test
  void onlyOperatorsAndCrewsOfTheStationsZoneMayCommandIt() throws Exception {
    JsonObject pumpOn = new JsonObject().put("action", "pump").put("pump", 1).put("on", true);
    String viewer = kit.token("fc-viewer", Role.VIEWER, List.of());
    String traffic = kit.token("fc-traffic", Role.TRAFFIC_STAFF, List.of());
    String farmer = kit.token("fc-farmer", Role.FARMER, List.of());
    // Ninh Kiều is protected by the station but the station stands in Cái Khế.
    String protectedWard = kit.token("fc-ninhkieu", Role.COMMUNE_OPERATOR, List.of(NINH_KIEU));
    String ownWard = kit.token("fc-caikhe", Role.COMMUNE_OPERATOR, List.of(CAI_KHE));
    String crew = kit.token("fc-crew", Role.MAINTENANCE, List.of());

    assertThat(command(viewer, pumpOn).statusCode()).isEqualTo(403);
    assertThat(command(traffic, pumpOn).statusCode()).isEqualTo(403);
    assertThat(command(farmer, pumpOn).statusCode()).isEqualTo(403);
    HttpResponse<String> outside = command(protectedWard, pumpOn);
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.body()).contains("outside your zones");
    assertThat(
            command(ownWard, new JsonObject().put("action", "pump").put("pump", 4).put("on", true))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            command(ownWard, new JsonObject().put("action", "gate").put("position", 150))
                .statusCode())
        .isEqualTo(400);
    assertThat(command(ownWard, new JsonObject().put("action", "flood")).statusCode())
        .isEqualTo(400);

    assertThat(carriedOut(ownWard, pumpOn)).isEqualTo("acknowledged");
    assertThat(carriedOut(crew, new JsonObject().put("action", "auto"))).isEqualTo("acknowledged");
    // Refusals are audited as denials; nothing was sent for them.
    await().atMost(WAIT).until(() -> kit.auditedActions("fc-ninhkieu").contains("access.denied"));
    assertThat(kit.auditedActions("fc-viewer")).doesNotContain("command.operator");
  }
}
