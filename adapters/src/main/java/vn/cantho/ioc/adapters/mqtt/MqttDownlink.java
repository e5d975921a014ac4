package vn.cantho.ioc.adapters.mqtt;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
import vn.cantho.ioc.core.command.CommandReplies;
import vn.cantho.ioc.core.command.CommandStatus;
import vn.cantho.ioc.core.command.Delivery;
import vn.cantho.ioc.core.command.Downlink;
import vn.cantho.ioc.core.command.OutgoingCommand;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;

/**
 * Commands to MQTT devices (docs/commands.md): QoS 1 on {@code cantho/v1/{domain}/{id}/down} with
 * the command id as MQTT 5 correlation data, the device's reply topic as response topic and a
 * message expiry at the command's deadline; answers arrive on {@code cantho/v1/+/+/reply}.
 *
 * <p>A connection of its own (client id {@code <node id>-downlink}, same credential as the ingest
 * adapter), so commands never queue behind the ingest session's acknowledgement window. At most
 * {@link #PUBLISH_WINDOW} publishes wait for the broker's PUBACK at once, below every broker's
 * receive maximum (HiveMQ's and mosquitto's defaults are 10 and 20), so Paho never refuses one as
 * "too many in flight". {@link #send} waits for a free place in that window: the command service
 * calls it from its own dispatcher thread, never from an event loop.
 */
public final class MqttDownlink implements Downlink, MqttCallback, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttDownlink.class);
  static final int PUBLISH_WINDOW = 10;
  private static final Duration WINDOW_WAIT = Duration.ofSeconds(10);
  private static final int QOS_AT_LEAST_ONCE = 1;

  private final MqttIngestConfig config;
  private final CommandReplies replies;
  private final Clock clock;
  private final MqttAsyncClient client;
  private final Semaphore window = new Semaphore(PUBLISH_WINDOW);
  private volatile boolean subscribed;

  public MqttDownlink(MqttIngestConfig config, CommandReplies replies, Clock clock)
      throws MqttException {
    this.config = config;
    this.replies = replies;
    this.clock = clock;
    String clientId =
        config.clientId().indexOf(TopicAcl.CLIENT_ID_SEPARATOR) < 0
            ? TopicAcl.clientId(config.clientId(), "downlink")
            : config.clientId() + "-downlink";
    this.client = new MqttAsyncClient(config.brokerUri(), clientId, new MemoryPersistence());
    this.client.setCallback(this);
  }

  /** Connects (waiting at most the given time) and subscribes to the devices' answers. */
  public void start(long timeoutMs) throws MqttException {
    MqttConnectionOptions options = MqttIngestAdapter.connectionOptions(config);
    // Answers to commands of an earlier connection are of no use: those commands ended (timed
    // out) or will; a clean session keeps the broker from queueing them for us.
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(timeoutMs);
  }

  @Override
  public String name() {
    return "mqtt";
  }

  /** Every device not reached by a more specific transport: the command service asks it last. */
  @Override
  public boolean reaches(Device device, String action) {
    return true;
  }

  @Override
  public CompletionStage<Delivery> send(OutgoingCommand command) {
    CompletableFuture<Delivery> done = new CompletableFuture<>();
    if (!client.isConnected()) {
      done.complete(Delivery.failed("MQTT broker not connected"));
      return done;
    }
    Device device = command.device();
    String domain = device.domain().code();
    MqttMessage message = new MqttMessage(payload(command).getBytes(StandardCharsets.UTF_8));
    message.setQos(QOS_AT_LEAST_ONCE);
    MqttProperties properties = new MqttProperties();
    properties.setCorrelationData(command.id().toString().getBytes(StandardCharsets.UTF_8));
    properties.setResponseTopic(CommandTopics.reply(domain, device.id()));
    properties.setContentType("application/json");
    long secondsLeft = Duration.between(clock.instant(), command.deadline()).toSeconds();
    properties.setMessageExpiryInterval(Math.max(1, secondsLeft));
    message.setProperties(properties);
    try {
      if (!window.tryAcquire(WINDOW_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        done.complete(Delivery.failed("MQTT broker did not acknowledge publishes in time"));
        return done;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.complete(Delivery.failed("interrupted"));
      return done;
    }
    try {
      client.publish(
          CommandTopics.down(domain, device.id()),
          message,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              window.release();
              int[] codes = token.getReasonCodes();
              // PUBACK 0x10 "no matching subscribers" is still a success: nobody listens now,
              // and the command will time out unless the device subscribes before its expiry.
              if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                done.complete(Delivery.failed("broker refused the publish (" + codes[0] + ")"));
              } else {
                done.complete(Delivery.sent());
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              window.release();
              done.complete(Delivery.failed("MQTT publish failed: " + e));
            }
          });
    } catch (MqttException | RuntimeException e) {
      window.release();
      done.complete(Delivery.failed("MQTT publish failed: " + e));
    }
    return done;
  }

  static String payload(OutgoingCommand command) {
    return new JsonObject()
        .put("id", command.id().toString())
        .put("action", command.action())
        .put("params", command.params())
        .put("issuedAt", command.issuedAt().toString())
        .put("expiresAt", command.deadline().toString())
        .encode();
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    subscribed = false;
    // Never a shared subscription: only the node that sent a command knows it, so every node
    // hears every answer and ignores those of commands it does not hold.
    String filter = CommandTopics.REPLY_FILTER;
    try {
      client.subscribe(
          filter,
          QOS_AT_LEAST_ONCE,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] codes = token.getReasonCodes();
              subscribed = codes != null && codes.length > 0 && codes[0] <= 2;
              if (subscribed) {
                LOG.info(
                    "MQTT downlink {} to {}", reconnect ? "reconnected" : "connected", serverUri);
              } else {
                LOG.error("broker refused the subscription to {}: {}", filter, codes);
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              LOG.error("MQTT subscribe to {} failed", filter, e);
            }
          });
    } catch (MqttException e) {
      LOG.error("MQTT subscribe to {} failed", filter, e);
    }
  }

  /**
   * A device's answer: the command named by the correlation data, from the device of the topic (the
   * broker's ACL lets a device publish only on its own reply topic).
   */
  @Override
  public void messageArrived(String topic, MqttMessage message) {
    Optional<String> device = CommandTopics.replyingDevice(topic);
    byte[] correlation =
        message.getProperties() == null ? null : message.getProperties().getCorrelationData();
    if (device.isEmpty() || correlation == null) {
      LOG.debug("ignoring a reply without device or correlation data on {}", topic);
      return;
    }
    UUID id;
    CommandStatus status;
    String detail;
    try {
      id = UUID.fromString(new String(correlation, StandardCharsets.UTF_8));
      JsonObject body = new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8));
      status = CommandStatus.fromCode(body.getString("status", ""));
      detail = body.getString("detail");
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      LOG.warn("unreadable command answer from {}: {}", device.get(), e.getMessage());
      return;
    }
    replies.reply(id, device.get(), status, detail);
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    subscribed = false;
    LOG.warn("MQTT downlink disconnected: {}", response.getReasonString());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    LOG.warn("MQTT downlink error", exception);
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  /** Up when connected and subscribed to the devices' answers. */
  public HealthIndicator health() {
    return new HealthIndicator() {
      @Override
      public String name() {
        return "mqtt-downlink";
      }

      @Override
      public Future<Health> check() {
        if (!client.isConnected()) {
          return Future.succeededFuture(Health.down("not connected to " + config.brokerUri()));
        }
        return Future.succeededFuture(
            subscribed
                ? Health.up(java.util.Map.of())
                : Health.down("connected but not subscribed to " + CommandTopics.REPLY_FILTER));
      }
    };
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(5_000).waitForCompletion(5_000);
      }
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("MQTT downlink close: {}", e.toString());
    }
  }
}
