package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;

/**
 * A commune operator of Ninh Kiều ward gets nothing of any other zone, through any route or the
 * live feed; a farmer gets only his own ponds.
 */
@ExtendWith(TestStack.class)
class ZoneIsolationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WARD = DemoUsers.NINH_KIEU_WARD;
  private static DemoStack stack;
  private static ApiClient operator;
  private static Device outside;

  @BeforeAll
  static void start(DemoStack started) {
    stack = started;
    operator = TestAccess.api(stack, Role.COMMUNE_OPERATOR);
    outside = stack.server().registry().find(TestStack.CAI_KHE_PROBE.id()).orElseThrow();
    assertThat(outside.zoneId()).isNotNull().isNotEqualTo(WARD);
  }

  @Test
  void restRoutesShowOnlyHisWard() throws Exception {
    List<JsonNode> devices = operator.allDevices(2);
    assertThat(devices).extracting(d -> d.path("zoneId").asText()).containsOnly(WARD);
    assertThat(devices)
        .extracting(d -> d.path("id").asText())
        .containsExactlyInAnyOrder("nk-tf-1", "nk-wq-1");
    assertThat(operator.get("/api/v1/devices?zone=" + outside.zoneId()).path("total").asInt())
        .isZero();
    assertThat(operator.send("/api/v1/devices/" + outside.id()).statusCode()).isEqualTo(404);
    assertThat(operator.send("/api/v1/devices/" + outside.id() + "/readings").statusCode())
        .isEqualTo(404);
    JsonNode zones = operator.get("/api/v1/zones");
    List<String> zoneIds = new java.util.ArrayList<>();
    zones.path("features").forEach(f -> zoneIds.add(f.at("/properties/id").asText()));
    assertThat(zoneIds).containsExactly(WARD);
    assertThat(operator.send("/api/v1/quarantine").statusCode()).isEqualTo(403);
    // The same device for a city operator: it exists, so the 404 above was the scope.
    assertThat(
            TestAccess.api(stack, Role.CITY_OPERATOR)
                .send("/api/v1/devices/" + outside.id())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aFarmerSeesOnlyHisPonds() throws Exception {
    List<JsonNode> devices = TestAccess.api(stack, Role.FARMER).allDevices(10);
    List<String> his =
        stack.server().registry().all().stream()
            .filter(d -> DemoUsers.FARMER.equals(d.owner()))
            .map(Device::id)
            .toList();
    assertThat(his).isNotEmpty();
    assertThat(devices)
        .extracting(d -> d.path("id").asText())
        .containsExactlyInAnyOrderElementsOf(his);
  }

  @Test
  void theLiveFeedCarriesNothingOfOtherZones() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    WebSocket socket = operator.live(received::add);
    MqttClient gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("isolation"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    try {
      Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      publish(gateway, outside, ts);
      ApiClient city = TestAccess.api(stack, Role.CITY_OPERATOR);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  city.get("/api/v1/devices/" + outside.id())
                      .path("lastSeen")
                      .asText()
                      .equals(ts.toString()));
      // A traffic detector: the end-to-end tests read the water probes' recent values.
      Device mine = stack.server().registry().find("nk-tf-1").orElseThrow();
      publish(gateway, mine, ts);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> received.stream().anyMatch(m -> "nk-tf-1".equals(m.path("deviceId").asText())));
    } finally {
      gateway.disconnect();
      gateway.close();
      socket.abort();
    }
    assertThat(received)
        .filteredOn(m -> m.has("deviceId"))
        .extracting(m -> m.path("deviceId").asText())
        .isSubsetOf("nk-wq-1", "nk-tf-1");
  }

  /**
   * Traffic staff report an incident at a probe of another ward, then one at a detector of his
   * ward: the second reaches his feed, the first never does, and neither the list nor the detail
   * shows it to him.
   */
  @Test
  void trafficIncidentsOfOtherZonesReachNeitherHisFeedNorHisList() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    WebSocket socket = operator.live(received::add);
    try {
      ApiClient staff = TestAccess.api(stack, Role.TRAFFIC_STAFF);
      long theirs = reportIncident(staff, outside, "isolation-ngoai");
      long mine =
          reportIncident(
              staff, stack.server().registry().find("nk-tf-1").orElseThrow(), "isolation-trong");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> received.stream().anyMatch(m -> incidentId(m) == mine));
      assertThat(received).noneMatch(m -> incidentId(m) == theirs);
      assertThat(operator.send("/api/v1/traffic/incidents/" + theirs).statusCode()).isEqualTo(404);
      JsonNode listed = operator.get("/api/v1/traffic/incidents?limit=500").path("items");
      List<Long> ids = new ArrayList<>();
      listed.forEach(i -> ids.add(i.path("id").asLong()));
      assertThat(ids).contains(mine).doesNotContain(theirs);
    } finally {
      socket.abort();
    }
  }

  private static long incidentId(JsonNode liveMessage) {
    return "traffic.incident".equals(liveMessage.path("type").asText())
        ? liveMessage.at("/incident/id").asLong(-1)
        : -1;
  }

  private static long reportIncident(ApiClient staff, Device at, String segment) throws Exception {
    String body =
        "{\"kind\":\"accident\",\"severity\":\"high\",\"lon\":"
            + at.lon()
            + ",\"lat\":"
            + at.lat()
            + ",\"segment\":\""
            + segment
            + "\",\"description\":\"Va chạm xe máy\",\"observedAt\":\""
            + Instant.now()
            + "\"}";
    var response = staff.post("/api/v1/traffic/incidents", "application/json", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("id").asLong();
  }

  private static void publish(MqttClient client, Device d, Instant ts) throws Exception {
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\""
                    + ts
                    + "\",\"values\":{"
                    + (d.domain().equals(vn.cantho.ioc.core.device.Domain.of("water"))
                        ? "\"do\":6.5"
                        : "\"speed\":30")
                    + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("cantho/v1/" + d.domain().code() + "/" + d.id() + "/up", m);
  }
}
