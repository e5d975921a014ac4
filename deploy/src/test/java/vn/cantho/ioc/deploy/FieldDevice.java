package vn.cantho.ioc.deploy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import vn.cantho.ioc.core.device.Device;

/**
 * A device as the field has it, for tests of the downlink: it signs in with its own credential,
 * subscribes to a downlink topic, keeps what it receives and, when told to, answers each command on
 * the response topic with the command's correlation data, as docs/commands.md asks.
 */
final class FieldDevice implements AutoCloseable {
  /** A command as it arrived: the MQTT properties beside the payload. */
  record Received(
      String topic, JsonObject payload, String correlation, String responseTopic, Long expiry) {}

  private static final long WAIT_MS = 10_000;

  private final Device device;
  private final MqttAsyncClient client;
  final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile String answer;

  FieldDevice(String brokerUri, Device device, String secret) throws MqttException {
    this.device = device;
    this.client = new MqttAsyncClient(brokerUri, device.id(), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device.id());
    options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(WAIT_MS);
  }

  /** Answers every command from now on with this status ({@code acknowledged}); null: silent. */
  FieldDevice answering(String status) {
    this.answer = status;
    return this;
  }

  static String downlink(Device d) {
    return "cantho/v1/" + d.domain().code() + "/" + d.id() + "/down";
  }

  /** Subscribes with QoS 1; returns the SUBACK's reason code (below 0x80: granted). */
  int subscribe(String filter) throws MqttException {
    IMqttToken token =
        client.subscribe(
            new MqttSubscription[] {new MqttSubscription(filter, 1)},
            null,
            null,
            new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {this::arrived},
            new MqttProperties());
    token.waitForCompletion(WAIT_MS);
    return token.getReasonCodes()[0];
  }

  private void arrived(String topic, MqttMessage message) throws MqttException {
    MqttProperties p = message.getProperties();
    String correlation =
        p.getCorrelationData() == null
            ? null
            : new String(p.getCorrelationData(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            topic,
            new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8)),
            correlation,
            p.getResponseTopic(),
            p.getMessageExpiryInterval()));
    String status = answer;
    if (status != null && p.getResponseTopic() != null) {
      MqttMessage reply =
          new MqttMessage(
              new JsonObject().put("status", status).encode().getBytes(StandardCharsets.UTF_8));
      reply.setQos(1);
      MqttProperties replyProperties = new MqttProperties();
      replyProperties.setCorrelationData(p.getCorrelationData());
      reply.setProperties(replyProperties);
      // On Paho's callback thread: publish without waiting for its own acknowledgement.
      client.publish(p.getResponseTopic(), reply);
    }
  }

  /** A lighting uplink: what the device reports of itself. */
  void report(Instant ts, int state, int dim, double power) throws MqttException {
    MqttMessage m =
        new MqttMessage(
            new JsonObject()
                .put("ts", ts.toString())
                .put(
                    "values",
                    new JsonObject().put("state", state).put("dim", dim).put("power", power))
                .encode()
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client
        .publish("cantho/v1/" + device.domain().code() + "/" + device.id() + "/up", m)
        .waitForCompletion(WAIT_MS);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(WAIT_MS);
    }
    client.close(true);
  }
}
