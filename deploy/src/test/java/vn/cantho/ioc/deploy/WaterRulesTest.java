package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.water.rules.AlertEngine;

/**
 * The rules beyond plain thresholds, through the broker and the real engine: a frozen probe is a
 * probe fault (and never an oxygen alert), a silent one is "probe offline", and a rate-of-change
 * rule set for one pond warns of a fast fall. The daily pH swing is {@link PhSwingTest}.
 */
class WaterRulesTest {
  /**
   * A stack of its own: in the full suite the shared stack's node lost or mis-delivered this test's
   * first readings (not yet understood; see the session note of 2026-12-02).
   */
  private static DemoStack stack;

  private MqttClient gateway;
  private AlertStore alerts;

  @BeforeAll
  static void startStack() {
    stack = TestStack.startIsolated();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void connect() throws Exception {
    gateway =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("rules"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    alerts = new AlertStore(stack.server().database());
  }

  @AfterEach
  void disconnect() throws Exception {
    gateway.disconnect();
    gateway.close();
  }

  @Test
  void aFrozenProbeIsAFaultAndASilentOneIsOffline() throws Exception {
    String probe = TestStack.HEALTH_PROBE.id();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
    // A DO of exactly 0.9 for 12 minutes: below the critical line, but a frozen sensor, not a pond.
    for (int i = 0; i < 12; i++) {
      publish(probe, t0.plus(Duration.ofMinutes(i)), "do", 0.9);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> open(probe, "probe_fault").isPresent());
    assertThat(open(probe, "probe_fault").orElseThrow().severity()).isEqualTo(Severity.WATCH);
    assertThat(open(probe, "do"))
        .as("the 11 samples before the run was long enough did raise DO; the fault is the news")
        .isPresent();

    publish(probe, t0.plus(Duration.ofMinutes(12)), "do", 5.43);
    await().atMost(Duration.ofSeconds(20)).until(() -> open(probe, "probe_fault").isEmpty());

    // Half an hour after its last reading (or the engine's start, whichever is later), by the
    // engine's silence check.
    Instant later = t0.plus(Duration.ofMinutes(52));
    stack.server().vertx().eventBus().publish(AlertEngine.CHECK_SILENCE, later.toEpochMilli());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> open(probe, "probe_offline").map(Alert::severity),
            Optional.of(Severity.WARNING)::equals);

    publish(probe, Instant.now().truncatedTo(ChronoUnit.SECONDS), "do", 5.5); // it speaks again
    await().atMost(Duration.ofSeconds(20)).until(() -> open(probe, "probe_offline").isEmpty());
  }

  @Test
  void aRateOfChangeRuleSetForOnePondWarnsOfAFastOxygenFall() throws Exception {
    String probe = TestStack.RATE_PROBE.id();
    ApiClient city = TestAccess.api(stack, vn.cantho.ioc.core.auth.Role.CITY_OPERATOR);
    java.net.http.HttpResponse<String> set =
        city.send(
            city.request("/api/v1/devices/" + probe + "/rules")
                .header("Content-Type", "application/json")
                .PUT(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"metric\":\"do_rate\",\"direction\":\"below\",\"watch\":-0.5,"
                            + "\"warning\":-1.0,\"critical\":-1.5,\"hysteresis\":0.2,"
                            + "\"minSamples\":2,\"minDurationS\":600,"
                            + "\"source\":\"evening crash watch\"}")));
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

    // 7 mg/L falling 2 mg/L an hour: still far above the DO thresholds, but falling fast.
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(60));
    for (int m = 0; m <= 30; m += 5) {
      publish(probe, t0.plus(Duration.ofMinutes(m)), "do", 7 - 2 * m / 60.0);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> open(probe, "do_rate").map(Alert::severity),
            Optional.of(Severity.CRITICAL)::equals);
    assertThat(open(probe, "do")).as("DO itself is fine").isEmpty();
  }

  private Optional<Alert> open(String device, String metric) throws Exception {
    return alerts.open("water").stream()
        .filter(a -> a.deviceId().equals(device) && a.metric().equals(metric))
        .findFirst();
  }

  private void publish(String device, Instant ts, String metric, double value) throws Exception {
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\"" + ts + "\",\"values\":{\"" + metric + "\":" + value + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    gateway.publish("cantho/v1/water/" + device + "/up", m);
  }
}
