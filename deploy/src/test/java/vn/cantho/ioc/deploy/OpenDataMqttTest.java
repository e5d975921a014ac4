package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

/**
 * SensorThings' MQTT extension through the node's embedded broker: a subscriber holding any
 * credential hears a street light's reading on its Datastream's Observations topic as the API shows
 * it, once the node committed it; a device may not publish on the open topics.
 */
class OpenDataMqttTest {
  private static final long WAIT_MS = 10_000;

  @Test
  void aCommittedReadingReachesTheSubscribersOfItsStream() throws Exception {
    try (DemoStack stack = TestStack.startIsolated()) {
      Device lamp =
          stack.server().registry().all().stream()
              .filter(d -> d.domain().equals(Domain.LIGHTING) && d.owner() == null)
              .min(Comparator.comparing(Device::id))
              .orElseThrow();
      String lampSecret =
          stack.credentials().issue(lamp.id(), DeviceGrant.Kind.DEVICE, List.of(lamp.id()), false);
      // A reader of open data: a gateway credential that may send for no device.
      String readerSecret =
          stack.credentials().issue("od-reader", DeviceGrant.Kind.GATEWAY, List.of(), false);
      long stream = powerStream(stack, lamp);

      List<JsonObject> heard = new CopyOnWriteArrayList<>();
      MqttAsyncClient reader = connect(stack.mqttUri(), "od-reader", readerSecret);
      IMqttToken sub =
          reader.subscribe(
              new MqttSubscription[] {
                new MqttSubscription("v1.0/Datastreams(" + stream + ")/Observations", 0)
              },
              null,
              null,
              new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                (topic, m) ->
                    heard.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))
              },
              new MqttProperties());
      sub.waitForCompletion(WAIT_MS);
      assertThat(sub.getReasonCodes()[0]).as("SUBACK").isLessThan(0x80);

      Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      try (FieldDevice device = new FieldDevice(stack.mqttUri(), lamp, lampSecret)) {
        device.report(at, 1, 70, 87.5);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(heard).isNotEmpty());
        JsonObject o = heard.get(0);
        assertThat(o.getDouble("result")).isEqualTo(87.5);
        assertThat(o.getString("phenomenonTime")).isEqualTo(at.toString().replace("Z", ".000Z"));
        // The message is the entity as the API shows it: the same id answers a GET.
        JsonObject read = get(stack, "/Observations(" + o.getLong("@iot.id") + ")");
        assertThat(read.getDouble("result")).isEqualTo(87.5);

        // Only the node publishes there: the broker refuses a device's attempt (PUBACK with an
        // error code, and the embedded broker also disconnects the client).
        MqttMessage forged = new MqttMessage("{\"result\":1}".getBytes(StandardCharsets.UTF_8));
        forged.setQos(1);
        MqttAsyncClient lampClient = connect(stack.mqttUri(), lamp.id() + ":forge", lampSecret);
        int code;
        try {
          IMqttToken refused =
              lampClient.publish("v1.0/Datastreams(" + stream + ")/Observations", forged);
          refused.waitForCompletion(WAIT_MS);
          code = refused.getReasonCodes()[0];
        } catch (org.eclipse.paho.mqttv5.common.MqttException dropped) {
          code = 0x87; // disconnected before the PUBACK: refused all the same
        }
        assertThat(code).as("PUBACK").isGreaterThanOrEqualTo(0x80);
        // The broker may have dropped it already: no DISCONNECT handshake to wait for.
        lampClient.disconnectForcibly(0, 1_000, false);
        lampClient.close(true);
      }
      assertThat(heard).hasSize(1);
      reader.disconnect().waitForCompletion(WAIT_MS);
      reader.close();
    }
  }

  private static MqttAsyncClient connect(String uri, String clientId, String secret)
      throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(
        clientId.contains(":") ? clientId.substring(0, clientId.indexOf(':')) : clientId);
    options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(WAIT_MS);
    return client;
  }

  /** The lamp's power Datastream, once the node's first projection published it. */
  private static long powerStream(DemoStack stack, Device lamp) {
    String filter =
        "Thing/properties/deviceId eq '"
            + lamp.id()
            + "' and ObservedProperty/definition eq"
            + " 'urn:cantho-ioc:metric:power'";
    long[] id = new long[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonArray found =
                  get(
                          stack,
                          "/Datastreams?$filter="
                              + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                                  .replace("+", "%20"))
                      .getJsonArray("value");
              assertThat(found).hasSize(1);
              id[0] = found.getJsonObject(0).getLong("@iot.id");
            });
    return id[0];
  }

  private static JsonObject get(DemoStack stack, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.httpPort() + "/sta/v1.0" + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }
}
