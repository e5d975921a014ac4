package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

/**
 * Feeds the hostile corpus through MQTT and HTTP, interleaved with valid readings: every hostile
 * payload is quarantined with a reason, every valid reading is stored, the node stays healthy.
 */
@ExtendWith(TestStack.class)
class HostilePayloadTest {
  private static DemoStack stack;
  private static ApiClient api;
  private static Device probe;

  @BeforeAll
  static void start(DemoStack started) {
    stack = started;
    api = new ApiClient(stack.httpPort()).withAuthorization(TestAccess.gatewayBasic(stack));
    probe =
        TestStack.generated(stack)
            .filter(d -> d.domain().equals(Domain.of("water")))
            .skip(5) // a device of its own: the other tests count what their devices received
            .findFirst()
            .orElseThrow();
  }

  @Test
  void everyHostileMqttPayloadIsQuarantinedAndValidOnesAroundItAreStored() throws Exception {
    List<HostilePayloads.Payload> corpus = HostilePayloads.all();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    long quarantinedBefore = quarantined("mqtt");
    UplinkHandOff handOff = ((EmbeddedBroker) stack.broker()).handOff();
    long handedBefore = handOff.handedOff();
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    MqttClient client =
        new MqttClient(
            stack.mqttUri(), TestAccess.gatewayClientId("hostile"), new MemoryPersistence());
    client.connect(TestAccess.gatewayOptions(stack));
    try {
      String topic = "cantho/v1/water/" + probe.id() + "/up";
      for (int i = 0; i < corpus.size(); i++) {
        if (i > 0 && i % 4 == 0) {
          // A fresh connection every few payloads: a refused publish can keep its in-flight slot
          // in the client, and a busy broker refuses more, so one client would run out of slots
          // ("Too many publishes in progress") for reasons that are not the node's.
          client.disconnect();
          client.close();
          client =
              new MqttClient(
                  stack.mqttUri(),
                  TestAccess.gatewayClientId("hostile-" + i),
                  new MemoryPersistence());
          client.connect(TestAccess.gatewayOptions(stack));
        }
        byte[] bytes =
            new String(corpus.get(i).bytes(), StandardCharsets.ISO_8859_1)
                .replace("DEVICE", probe.id())
                .getBytes(StandardCharsets.ISO_8859_1);
        client.publish(topic, message(bytes));
        client.publish(
            topic,
            message(
                ("{\"ts\":\"" + base.plusSeconds(i) + "\",\"values\":{\"do\":" + (i % 20) + "}}")
                    .getBytes(StandardCharsets.UTF_8)));
      }
      client.publish(
          "cantho/v1/water/../up",
          message("{\"values\":{\"do\":1}}".getBytes(StandardCharsets.UTF_8)));
      client.publish(
          "cantho/v1/sewage/" + probe.id() + "/up",
          message("{\"values\":{\"do\":1}}".getBytes(StandardCharsets.UTF_8)));
    } finally {
      client.disconnect();
      client.close();
    }
    int expected = corpus.size() + 2;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> storedBetween(base, base.plusSeconds(corpus.size())) == corpus.size());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> quarantined("mqtt") - quarantinedBefore >= expected);
    assertThat(reasonsOf("mqtt", quarantinedBefore)).allSatisfy(r -> assertThat(r).isNotBlank());
    // All of it came through the embedded broker's hand-off (ADR 0026), the hostile ones too.
    assertThat(handOff.handedOff() - handedBefore).isGreaterThanOrEqualTo(expected + corpus.size());
    assertThat(api.get("/api/v1/health").path("status").asText()).isEqualTo("up");
  }

  @Test
  void everyHostileHttpBodyIsRefusedWithAReasonAndQuarantined() throws Exception {
    List<HostilePayloads.Payload> corpus = HostilePayloads.all();
    long quarantinedBefore = quarantined("http");
    int refused = 0;
    for (HostilePayloads.Payload payload : corpus) {
      String body =
          new String(payload.bytes(), StandardCharsets.UTF_8).replace("DEVICE", probe.id());
      String type = body.startsWith("[") ? "application/senml+json" : "application/json";
      HttpResponse<String> response = api.post("/api/v1/ingest", type, body);
      assertThat(response.statusCode())
          .as(payload.name() + " -> " + response.body())
          .isEqualTo(400);
      JsonNode rejected = ApiClient.JSON.readTree(response.body()).path("rejected");
      assertThat(rejected).as(payload.name()).isNotEmpty();
      assertThat(rejected.findValuesAsText("reason"))
          .as(payload.name())
          .allSatisfy(r -> assertThat(r).isNotBlank());
      refused++;
    }
    assertThat(quarantined("http") - quarantinedBefore).isGreaterThanOrEqualTo(refused);
    HttpResponse<String> valid =
        api.post(
            "/api/v1/ingest",
            "application/json",
            "[{\"deviceId\":\"" + probe.id() + "\",\"values\":{\"temp\":29.1}}]");
    assertThat(valid.statusCode()).as(valid.body()).isEqualTo(202);
  }

  private static MqttMessage message(byte[] bytes) {
    MqttMessage m = new MqttMessage(bytes);
    m.setQos(1);
    return m;
  }

  private static long quarantined(String source) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM quarantine WHERE source = ?")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> reasonsOf(String source, long skip) throws Exception {
    List<String> reasons = new java.util.ArrayList<>();
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT reason FROM quarantine WHERE source = ? ORDER BY id OFFSET ?")) {
      ps.setString(1, source);
      ps.setLong(2, skip);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          reasons.add(rs.getString(1));
        }
      }
    }
    return reasons;
  }

  private static long storedBetween(Instant from, Instant to) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM readings WHERE device_id = ? AND metric = 'do' AND ts >= ? AND ts < ?")) {
      ps.setString(1, probe.id());
      ps.setTimestamp(2, java.sql.Timestamp.from(from));
      ps.setTimestamp(3, java.sql.Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
