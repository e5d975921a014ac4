package vn.cantho.ioc.adapters.mqtt;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.codec.Decoded;
import vn.cantho.ioc.adapters.codec.JsonReadingCodec;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;

/**
 * Subscribes to device uplinks with the Paho MQTT v5 client and hands them to the pipeline.
 *
 * <p>QoS 1 with a persistent session and manual acknowledgements: a message is acknowledged to the
 * broker only after the pipeline has committed everything in it (stored or quarantined). If the
 * process dies before that, the broker still holds the message and delivers it again; the unique
 * key in the database makes that second delivery harmless.
 */
public final class MqttIngestAdapter implements MqttCallback, HealthIndicator, AutoCloseable {
  static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(MqttIngestAdapter.class);
  private static final String SOURCE = "mqtt";

  private final MqttIngestConfig config;
  private final ReadingSink sink;
  private final Clock clock;
  private final MqttAsyncClient client;

  public MqttIngestAdapter(MqttIngestConfig config, ReadingSink sink, Clock clock)
      throws MqttException {
    this.config = config;
    this.sink = sink;
    this.clock = clock;
    this.client =
        new MqttAsyncClient(config.brokerUri(), config.clientId(), new MemoryPersistence());
    this.client.setManualAcks(true);
    this.client.setCallback(this);
  }

  /** Connects and subscribes; waits at most the given time for the first connection. */
  public void start(long timeoutMs) throws MqttException {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setKeepAliveInterval(30);
    if (config.username() != null) {
      options.setUserName(config.username());
      options.setPassword(new String(config.password()).getBytes(StandardCharsets.UTF_8));
    }
    client.connect(options).waitForCompletion(timeoutMs);
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    // Subscribe on every connect: the session may have expired while we were away.
    try {
      client.subscribe(config.subscription(), 1);
      LOG.info(
          "MQTT ingest {} to {}, subscribed to {}",
          reconnect ? "reconnected" : "connected",
          serverUri,
          config.subscription());
    } catch (MqttException e) {
      LOG.error("MQTT subscribe failed", e);
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    Instant receivedAt = clock.instant();
    List<Future<Void>> commits = new ArrayList<>();
    byte[] payload = message.getPayload();
    Optional<UplinkTopic> uplink = UplinkTopic.parse(topic);
    if (uplink.isEmpty()) {
      commits.add(
          sink.reject(
              rejected(
                  topic,
                  null,
                  "topic does not follow cantho/v1/{domain}/{deviceId}/up",
                  payload,
                  receivedAt)));
    } else if (payload.length > MAX_PAYLOAD_BYTES) {
      commits.add(
          sink.reject(
              rejected(
                  topic, uplink.get().deviceId(), "payload over 64 KiB", payload, receivedAt)));
    } else {
      String deviceId = uplink.get().deviceId();
      Decoded decoded = JsonReadingCodec.decode(deviceId, payload, receivedAt, SOURCE);
      for (Decoded.ItemError error : decoded.errors()) {
        byte[] raw =
            error.fragment() == null ? payload : error.fragment().getBytes(StandardCharsets.UTF_8);
        commits.add(sink.reject(rejected(topic, deviceId, error.reason(), raw, receivedAt)));
      }
      if (!decoded.readings().isEmpty()) {
        commits.add(sink.submit(decoded.readings()));
      }
    }
    int id = message.getId();
    int qos = message.getQos();
    Future.all(commits)
        .onSuccess(v -> acknowledge(id, qos))
        .onFailure(
            e ->
                LOG.warn(
                    "Message {} on {} not committed, left for redelivery: {}",
                    id,
                    topic,
                    e.getMessage()));
  }

  private void acknowledge(int id, int qos) {
    try {
      client.messageArrivedComplete(id, qos);
    } catch (MqttException e) {
      // The broker redelivers an unacknowledged message; the database drops the duplicate.
      LOG.warn("Could not acknowledge message {}: {}", id, e.getMessage());
    }
  }

  private static Rejected rejected(
      String topic, String deviceId, String reason, byte[] raw, Instant at) {
    return new Rejected(SOURCE, topic, deviceId, reason, raw, at);
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    LOG.warn("MQTT ingest disconnected: {}", response.getReasonString());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("MQTT error: {}", exception.getMessage());
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public String name() {
    return "broker";
  }

  @Override
  public Future<Health> check() {
    return Future.succeededFuture(
        client.isConnected()
            ? Health.up(Map.of("uri", config.brokerUri(), "subscription", config.subscription()))
            : Health.down("not connected to " + config.brokerUri()));
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      LOG.warn("MQTT close: {}", e.getMessage());
    }
  }
}
