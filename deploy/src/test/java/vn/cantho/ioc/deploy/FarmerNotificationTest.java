package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;

/**
 * A farmer's pond from the probe to his phone: he subscribes through the API, his probe reports an
 * oxygen crash over MQTT, the message reaches his (local) webhook in Vietnamese with a signed link,
 * and opening that link and pressing its button acknowledges the alert as him.
 */
@ExtendWith(TestStack.class)
class FarmerNotificationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String POND = "ao-thu-1";

  private HttpServer phone;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startPhone() throws Exception {
    phone = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    phone.createContext(
        "/hook",
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    phone.start();
  }

  @AfterEach
  void stopPhone() {
    phone.stop(0);
  }

  @Test
  void anOxygenCrashReachesTheFarmerWhoAcknowledgesItFromTheLink(DemoStack stack) throws Exception {
    Device probe = stack.server().registry().find(TestStack.FARM_PROBE.id()).orElseThrow();
    ApiClient city = TestAccess.api(stack, Role.CITY_OPERATOR);
    double w = probe.lon() - 0.0003;
    double e = probe.lon() + 0.0003;
    double so = probe.lat() - 0.0003;
    double n = probe.lat() + 0.0003;
    String polygon =
        "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
            .formatted(w, so, e, so, e, n, w, n, w, so);
    String pondJson =
        ("{\"farm\":{\"id\":\"trai-thu\",\"name\":\"Trại thử\",\"owner\":\"farmer\"},"
                + "\"name\":\"Ao nhà số 1\",\"profile\":\"pangasius_pond\",\"areaM2\":2500,"
                + "\"polygon\":%s,\"probes\":[\"%s\"]}")
            .formatted(polygon, probe.id());
    assertThat(
            put(TestAccess.api(stack, Role.FARMER), "/api/v1/ponds/" + POND, pondJson).statusCode())
        .as("farmers do not register ponds")
        .isEqualTo(403);
    assertThat(
            put(city, "/api/v1/ponds/" + POND, pondJson.replace("\"Polygon\"", "\"Point\""))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> registered = put(city, "/api/v1/ponds/" + POND, pondJson);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    assertThat(ApiClient.JSON.readTree(registered.body()).path("zoneId").asText())
        .isEqualTo(probe.zoneId());

    String salinity =
        "{\"metric\":\"salinity\",\"direction\":\"above\",\"watch\":2,\"warning\":5,"
            + "\"critical\":8,\"hysteresis\":0.5,\"minSamples\":2,\"minDurationS\":600}";
    assertThat(put(city, "/api/v1/ponds/" + POND + "/rules", salinity).statusCode()).isEqualTo(200);
    assertThat(put(city, "/api/v1/ponds/no-such-pond/rules", salinity).statusCode()).isEqualTo(404);
    assertThat(
            put(TestAccess.api(stack, Role.FARMER), "/api/v1/farms/trai-thu/rules", salinity)
                .statusCode())
        .isEqualTo(403);
    JsonNode effective = city.get("/api/v1/devices/" + probe.id() + "/rules");
    assertThat(effective.path("profile").asText()).isEqualTo("pangasius_pond");
    for (JsonNode r : effective.path("rules")) {
      if (r.path("metric").asText().equals("salinity")) {
        assertThat(r.path("watch").asDouble()).as("the pond's own salinity rule").isEqualTo(2.0);
      }
    }

    ApiClient farmer = TestAccess.api(stack, Role.FARMER);
    String hook = "http://127.0.0.1:" + phone.getAddress().getPort() + "/hook";
    HttpResponse<String> subscribed =
        farmer.post(
            "/api/v1/subscriptions",
            "application/json",
            "{\"pond\":\"" + POND + "\",\"channel\":\"webhook\",\"address\":\"" + hook + "\"}");
    assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
    assertThat(
            farmer
                .post(
                    "/api/v1/subscriptions",
                    "application/json",
                    "{\"channel\":\"sms\",\"address\":\"not a phone\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            TestAccess.api(stack, Role.COMMUNE_OPERATOR)
                .post(
                    "/api/v1/subscriptions",
                    "application/json",
                    "{\"pond\":\"" + POND + "\",\"channel\":\"sms\",\"address\":\"0912345678\"}")
                .statusCode())
        .as("a pond outside his ward is not there for him")
        .isEqualTo(404);

    JsonNode pond = farmer.get("/api/v1/ponds/" + POND);
    assertThat(pond.path("status").asText()).isEqualTo("ok");
    assertThat(pond.path("probes").findValuesAsText("id")).containsExactly(probe.id());
    assertThat(farmer.get("/api/v1/ponds").path("items").findValuesAsText("id")).contains(POND);
    assertThat(
            TestAccess.api(stack, Role.COMMUNE_OPERATOR).send("/api/v1/ponds/" + POND).statusCode())
        .isEqualTo(404);

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    MqttClient gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("farm"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    try {
      double[] oxygen = {3.4, 0.9, 0.8};
      for (int i = 0; i < oxygen.length; i++) {
        MqttMessage m =
            new MqttMessage(
                ("{\"ts\":\""
                        + t0.plus(Duration.ofMinutes(i))
                        + "\",\"values\":{\"do\":"
                        + oxygen[i]
                        + "}}")
                    .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        gateway.publish("cantho/v1/water/" + probe.id() + "/up", m);
      }
    } finally {
      gateway.disconnect();
      gateway.close();
    }

    // By day do_projected is the DO itself, so its alert and message come too, in either order.
    JsonNode message =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> oxygenMessage(received), java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(message.path("severity").asText()).isEqualTo("critical");
    String text = message.path("text").asText();
    assertThat(text)
        .contains("Ao nhà số 1: Oxy hòa tan 0,8 mg/L, dưới ngưỡng 1 mg/L")
        .contains("Việc cần làm: bật quạt nước");
    long alertId = message.path("alert_id").asLong();

    // The webhook has the message; the outbox records the handover right after the answer.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                farmer
                    .get("/api/v1/alerts/" + alertId)
                    .path("notifications")
                    .findValuesAsText("state"),
            states -> states.equals(List.of("delivered")));
    assertThat(farmer.get("/api/v1/ponds/" + POND).path("status").asText()).isEqualTo("critical");
    assertThat(farmer.get("/api/v1/alerts").path("items").findValuesAsText("id"))
        .contains(String.valueOf(alertId));

    Matcher link = Pattern.compile("(http://\\S+/ack/\\S+)").matcher(text);
    assertThat(link.find()).as(text).isTrue();
    URI ack = URI.create(link.group(1));
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(ack).GET().build(), ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Tôi đã nhận cảnh báo", "Cấp 3 – nguy hiểm");
    AlertStore alerts = new AlertStore(stack.server().database());
    assertThat(alerts.find(alertId).orElseThrow().state())
        .as("opening the link changes nothing")
        .isEqualTo(Alert.State.RAISED);

    HttpResponse<String> done =
        HTTP.send(
            HttpRequest.newBuilder(ack).POST(HttpRequest.BodyPublishers.noBody()).build(),
            ofString());
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Đã xác nhận");
    Alert acknowledged = alerts.find(alertId).orElseThrow();
    assertThat(acknowledged.state()).isEqualTo(Alert.State.ACKNOWLEDGED);
    assertThat(acknowledged.acknowledgedBy()).isEqualTo(DemoUsers.FARMER);

    String forged = ack.toString().substring(0, ack.toString().length() - 3) + "AAA";
    assertThat(
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(forged))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                    ofString())
                .statusCode())
        .isEqualTo(404);
  }

  private static java.util.Optional<JsonNode> oxygenMessage(List<String> received)
      throws Exception {
    for (String body : received) {
      JsonNode m = ApiClient.JSON.readTree(body);
      if (m.path("metric").asText().equals("do")) {
        return java.util.Optional.of(m);
      }
    }
    return java.util.Optional.empty();
  }

  private static HttpResponse<String> put(ApiClient client, String path, String body)
      throws Exception {
    return client.send(
        client
            .request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }
}
