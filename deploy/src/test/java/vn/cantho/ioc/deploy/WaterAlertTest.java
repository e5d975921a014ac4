package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Role;

/**
 * A night-time oxygen crash in a pangasius pond, published through the broker like a probe would:
 * the rules raise an alert, escalate it to critical and clear it when the aerators bring the oxygen
 * back past the hysteresis, each step stored and in order.
 */
@ExtendWith(TestStack.class)
class WaterAlertTest {
  @Test
  void aNightOxygenCrashIsRaisedEscalatedAndCleared(DemoStack stack) throws Exception {
    String probe = TestStack.PANGASIUS_PROBE.id();
    AlertStore alerts = new AlertStore(stack.server().database());
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3 * 3600);
    MqttClient gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("alerts"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    try {
      double[] oxygen = {3.5, 2.8, 2.7, 0.9, 0.8};
      for (int i = 0; i < oxygen.length; i++) {
        publish(gateway, probe, t0.plus(Duration.ofMinutes(i)), "do", oxygen[i]);
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> open(alerts, probe, "do").map(Alert::severity),
              s -> s.equals(Optional.of(Severity.CRITICAL)));
      Alert open = open(alerts, probe, "do").orElseThrow();
      assertThat(open.raisedValue()).isEqualTo(2.7);

      // Through the API, in the caller's scope: the city sees it, Ninh Kiều and the farmer do not.
      ApiClient city = TestAccess.api(stack, Role.CITY_OPERATOR);
      assertThat(
              city.get("/api/v1/alerts?state=raised&severity=critical")
                  .path("items")
                  .findValuesAsText("deviceId"))
          .contains(probe);
      assertThat(
              TestAccess.api(stack, Role.COMMUNE_OPERATOR)
                  .get("/api/v1/alerts")
                  .path("items")
                  .findValuesAsText("deviceId"))
          .doesNotContain(probe);
      // The console's feed filters: by feature and device, the open ones; and their counts.
      // The same crash may also raise the dawn projection (do_projected), depending on the hour
      // the readings fall in: the store says which alerts are open, the feed must list those.
      List<Alert> openOfProbe =
          alerts.open("water").stream().filter(a -> a.deviceId().equals(probe)).toList();
      assertThat(
              city.get("/api/v1/alerts?state=open&feature=water&deviceId=" + probe)
                  .path("items")
                  .findValuesAsText("id"))
          .contains(String.valueOf(open.id()))
          .containsExactlyInAnyOrderElementsOf(
              openOfProbe.stream().map(a -> String.valueOf(a.id())).toList());
      assertThat(city.get("/api/v1/alerts?feature=traffic&deviceId=" + probe).path("items"))
          .isEmpty();
      long critical = openOfProbe.stream().filter(a -> a.severity() == Severity.CRITICAL).count();
      JsonNode counts = city.get("/api/v1/alerts/counts?deviceId=" + probe);
      assertThat(counts.at("/byFeature/water/critical").asLong()).isEqualTo(critical);
      assertThat(counts.at("/total/critical").asLong()).isEqualTo(critical);
      assertThat(counts.at("/total/watch").asLong()).isZero();
      assertThat(
              TestAccess.api(stack, Role.COMMUNE_OPERATOR)
                  .get("/api/v1/alerts/counts?deviceId=" + probe)
                  .at("/total/critical")
                  .asLong())
          .as("outside his ward")
          .isZero();
      assertThat(city.send("/api/v1/alerts?state=lost").statusCode()).isEqualTo(400);
      String path = "/api/v1/alerts/" + open.id();
      assertThat(TestAccess.api(stack, Role.FARMER).send(path).statusCode()).isEqualTo(404);
      JsonNode detail = city.get(path);
      assertThat(detail.path("severityLabel").asText()).isEqualTo("Cấp 3 – nguy hiểm");
      assertThat(detail.path("readings").findValuesAsText("value")).contains("2.7", "0.8");
      assertThat(city.post(path + "/acknowledge", "application/json", "").statusCode())
          .isEqualTo(200);
      assertThat(city.post(path + "/acknowledge", "application/json", "").statusCode())
          .as("nothing left to acknowledge")
          .isEqualTo(409);

      publish(gateway, probe, t0.plus(Duration.ofMinutes(10)), "do", 3.2); // inside the hysteresis
      publish(gateway, probe, t0.plus(Duration.ofMinutes(11)), "do", 3.6);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> alerts.find(open.id()).orElseThrow().state() == Alert.State.CLEARED);
      assertThat(alerts.history(open.id()))
          .containsExactly("raised", "escalated", "acknowledged", "cleared");
      List<JsonNode> live = new java.util.concurrent.CopyOnWriteArrayList<>();
      var socket = TestAccess.api(stack, Role.CITY_OPERATOR).live(live::add);
      try {
        assertThat(
                TestAccess.api(stack, Role.CITY_OPERATOR)
                    .post("/api/v1/alerts/" + open.id() + "/acknowledge", "application/json", "")
                    .statusCode())
            .isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    live.stream()
                        .anyMatch(
                            m ->
                                m.path("type").asText().equals("alert")
                                    && m.at("/alert/state").asText().equals("closed")));
      } finally {
        socket.abort();
      }
      assertThat(alerts.find(open.id()).orElseThrow().lastValue()).isEqualTo(3.6);
    } finally {
      gateway.disconnect();
      gateway.close();
    }
  }

  @Test
  void aPondsThresholdsAreOverriddenThroughTheApiAndApplyAtOnce(DemoStack stack) throws Exception {
    String probe = TestStack.PANGASIUS_PROBE_2.id();
    ApiClient viewer = TestAccess.api(stack, Role.VIEWER);
    JsonNode defaults = viewer.get("/api/v1/rules?profile=pangasius_pond");
    assertThat(defaults.path("rules").findValuesAsText("metric")).contains("do", "nh3", "salinity");
    String override =
        "{\"metric\":\"do\",\"direction\":\"below\",\"watch\":4.5,\"warning\":3.5,"
            + "\"critical\":2.5,\"hysteresis\":0.5,\"source\":\"weak aerators\"}";
    String path = "/api/v1/devices/" + probe + "/rules";
    assertThat(put(TestAccess.api(stack, Role.FARMER), path, override).statusCode()).isEqualTo(403);
    ApiClient city = TestAccess.api(stack, Role.CITY_OPERATOR);
    assertThat(put(city, path, override.replace("2.5", "3.9")).statusCode())
        .as("thresholds out of order")
        .isEqualTo(400);
    HttpResponse<String> done = put(city, path, override);
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    // The audit row is written beside the answer: wait for it rather than race it.
    ApiClient admin = TestAccess.api(stack, Role.ADMIN);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> admin.get("/api/v1/audit?action=rule.override").toString().contains(probe));

    // 4.0 mg/L is fine for the profile (watch below 3) but not for this pond any more.
    AlertStore alerts = new AlertStore(stack.server().database());
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2 * 3600);
    MqttClient gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("rules"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    java.util.concurrent.atomic.AtomicInteger minute =
        new java.util.concurrent.atomic.AtomicInteger();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                // The engine reloads the pond's rules asynchronously: a sample a minute until
                // the new threshold raises.
                publish(
                    gateway,
                    probe,
                    t0.plus(Duration.ofMinutes(minute.incrementAndGet())),
                    "do",
                    4.0);
                return open(alerts, probe, "do").isPresent();
              });
      assertThat(open(alerts, probe, "do").orElseThrow().severity()).isEqualTo(Severity.WATCH);
    } finally {
      gateway.disconnect();
      gateway.close();
    }
  }

  @Test
  void implausibleValuesAreAProbeFaultNotAnAlert(DemoStack stack) throws Exception {
    String probe = TestStack.PANGASIUS_PROBE.id();
    AlertStore alerts = new AlertStore(stack.server().database());
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(90 * 60);
    MqttClient gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("faults"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    try {
      // pH 3.0 twice would be critical for pangasius (below 5.5), but no delta pond reads it.
      double[] ph = {3.0, 3.0, 5.0, 5.0};
      for (int i = 0; i < ph.length; i++) {
        publish(gateway, probe, t0.plus(Duration.ofMinutes(i)), "ph", ph[i]);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> open(alerts, probe, "ph").isPresent());
      Alert alert = open(alerts, probe, "ph").orElseThrow();
      assertThat(alert.raisedValue()).as("raised by the plausible values only").isEqualTo(5.0);
      assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
    } finally {
      gateway.disconnect();
      gateway.close();
    }
  }

  private static Optional<Alert> open(AlertStore alerts, String device, String metric)
      throws Exception {
    return alerts.open("water").stream()
        .filter(a -> a.deviceId().equals(device) && a.metric().equals(metric))
        .findFirst();
  }

  private static void publish(
      MqttClient client, String device, Instant ts, String metric, double value) throws Exception {
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\"" + ts + "\",\"values\":{\"" + metric + "\":" + value + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("cantho/v1/water/" + device + "/up", m);
  }

  private static HttpResponse<String> put(ApiClient client, String path, String body)
      throws Exception {
    return client.send(
        client
            .request(path)
            .header("Content-Type", "application/json")
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }
}
