package vn.cantho.ioc.adapters.mqtt;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
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
import vn.cantho.ioc.adapters.codec.Decoded;
import vn.cantho.ioc.adapters.codec.DevicePayload;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
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
  private static final Logger LOG = LoggerFactory.getLogger(MqttIngestAdapter.class);
  private static final String SOURCE = "mqtt";

  private final MqttIngestConfig config;
  private final ReadingSink sink;
  private final DeviceRegistry registry;
  private final MetricCatalog catalog;
  private final java.util.Set<vn.cantho.ioc.core.device.Domain> servedDomains;
  private final Clock clock;
  private final MqttAsyncClient client;

  /** Packet ids belong to one connection; an ack for an older one would hit the wrong message. */
  private final AtomicInteger connection = new AtomicInteger();

  private volatile boolean subscribed;

  /** Set when the node stops: what arrives from then on stays with the broker, unacknowledged. */
  private volatile boolean intakeStopped;

  private final AtomicInteger leftWhileStopping = new AtomicInteger();

  public MqttIngestAdapter(
      MqttIngestConfig config,
      ReadingSink sink,
      DeviceRegistry registry,
      MetricCatalog catalog,
      Clock clock)
      throws MqttException {
    this.config = config;
    this.sink = sink;
    this.registry = registry;
    this.catalog = catalog;
    this.servedDomains = catalog.domains();
    this.clock = clock;
    if (config.username() != null
        && !TopicAcl.mayUseClientId(config.username(), config.clientId())) {
      LOG.warn(
          "MQTT client id {} does not belong to user {}: the IOC's broker authentication will"
              + " refuse it; use {} or {}:<suffix> as the node id",
          config.clientId(),
          config.username(),
          config.username(),
          config.username());
    }
    this.client =
        new MqttAsyncClient(config.brokerUri(), config.clientId(), new MemoryPersistence());
    this.client.setManualAcks(true);
    this.client.setCallback(this);
  }

  /** Connects and subscribes; waits at most the given time for the first connection. */
  public void start(long timeoutMs) throws MqttException {
    MqttConnectionOptions options = connectionOptions(config);
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setReceiveMaximum(config.receiveMaximum());
    client.connect(options).waitForCompletion(timeoutMs);
  }

  /** Credentials, TLS trust and reconnection: what every connection of the node shares. */
  static MqttConnectionOptions connectionOptions(MqttIngestConfig config) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, 30);
    options.setKeepAliveInterval(30);
    if (config.username() != null) {
      options.setUserName(config.username());
    }
    if (config.password() != null) {
      options.setPassword(new String(config.password()).getBytes(StandardCharsets.UTF_8));
    }
    if (config.trust() != null) {
      options.setSSLProperties(trustProperties(config.trust()));
    }
    return options;
  }

  /** Paho's SSL properties for a trust store; host names are verified (Paho's default). */
  private static java.util.Properties trustProperties(vn.cantho.ioc.core.api.TlsConfig trust) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("com.ibm.ssl.trustStore", trust.keyStore().toAbsolutePath().toString());
    p.setProperty("com.ibm.ssl.trustStorePassword", trust.password());
    p.setProperty(
        "com.ibm.ssl.trustStoreType",
        trust.keyStore().toString().endsWith(".jks") ? "JKS" : "PKCS12");
    return p;
  }

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {
    connection.incrementAndGet();
    subscribed = false;
    // Subscribe on every connect: the session may have expired while we were away. Never block a
    // Paho callback, so the result is checked in a listener.
    try {
      client.subscribe(config.subscription(), 1, null, new SubscribeResult(reconnect, serverUri));
    } catch (MqttException e) {
      LOG.error("MQTT subscribe to {} failed", config.subscription(), e);
    }
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    if (intakeStopped) {
      leftWhileStopping.incrementAndGet(); // redelivered to this session at the next start
      return;
    }
    int arrivedOn = connection.get();
    int id = message.getId();
    int qos = message.getQos();
    intake(topic, message.getPayload())
        .onSuccess(v -> acknowledge(id, qos, arrivedOn))
        .onFailure(
            e -> {
              if (intakeStopped) {
                // Taken just before the stop and refused by the stopped pipeline: the broker
                // keeps it for the next start, as it does what arrives after the stop.
                leftWhileStopping.incrementAndGet();
              } else {
                LOG.warn(
                    "Message {} on {} not committed, left for redelivery: {}",
                    id,
                    topic,
                    e.getMessage());
              }
            });
  }

  /**
   * Takes one uplink as the subscription would deliver it: stores its readings and quarantines what
   * is unusable. The future completes once all of it is committed, and fails when the node stopped
   * first; the caller then keeps the message for a later start. Blocks while the pipeline is full,
   * so never call it on an event loop. Paho's callback comes through here, and so does the embedded
   * broker's hand-off (ADR 0026).
   */
  public Future<Void> intake(String topic, byte[] payload) {
    if (intakeStopped) {
      return Future.failedFuture("MQTT intake stopped");
    }
    Instant receivedAt = clock.instant();
    List<Future<Void>> commits = new ArrayList<>();
    // A domain no installed feature serves is as unknown as a malformed topic.
    Optional<UplinkTopic> uplink =
        UplinkTopic.parse(topic).filter(u -> servedDomains.contains(u.domain()));
    Optional<Device> device = uplink.flatMap(u -> registry.find(u.deviceId()));
    Optional<String> problem =
        uplink.isEmpty()
            ? Optional.of("topic does not follow cantho/v1/{domain}/{deviceId}/up")
            : topicProblem(uplink.get(), device, payload);
    // The registry's own id string where the device is known: its hash is already computed, so
    // the many lookups of a reading's device downstream (rules, live map, series keys) do not
    // hash a fresh string from the topic again (docs/BENCHMARKS.md, seventh session).
    String deviceId =
        device.map(Device::id).or(() -> uplink.map(UplinkTopic::deviceId)).orElse(null);
    if (problem.isPresent()) {
      commits.add(
          sink.reject(new Rejected(SOURCE, topic, deviceId, problem.get(), payload, receivedAt)));
    } else {
      Decoded decoded =
          DevicePayload.decode(deviceId, payload, this::catalogUnit, receivedAt, SOURCE);
      for (Decoded.ItemError error : decoded.errors()) {
        byte[] raw =
            error.fragment() == null ? payload : error.fragment().getBytes(StandardCharsets.UTF_8);
        commits.add(
            sink.reject(new Rejected(SOURCE, topic, deviceId, error.reason(), raw, receivedAt)));
      }
      if (!decoded.readings().isEmpty()) {
        commits.add(sink.submit(decoded.readings()));
      }
    }
    return Future.all(commits).mapEmpty();
  }

  private String catalogUnit(vn.cantho.ioc.core.reading.Reading r) {
    return registry
        .find(r.deviceId())
        .flatMap(d -> catalog.find(d.domain(), r.metric()))
        .map(vn.cantho.ioc.core.catalog.Metric::unit)
        .orElse(null);
  }

  /** What makes an uplink unusable before its payload is even read. */
  private static Optional<String> topicProblem(
      UplinkTopic uplink, Optional<Device> device, byte[] payload) {
    if (payload.length > MqttIngestConfig.MAX_PAYLOAD_BYTES) {
      return Optional.of("payload of " + payload.length + " bytes is over 64 KiB");
    }
    if (device.isPresent() && !device.get().domain().equals(uplink.domain())) {
      return Optional.of(
          "topic domain "
              + uplink.domain().code()
              + " does not match the device's domain "
              + device.get().domain().code());
    }
    return Optional.empty();
  }

  private void acknowledge(int id, int qos, int arrivedOn) {
    if (arrivedOn != connection.get()) {
      return; // the broker re-sends it on the new connection; that copy gets acknowledged
    }
    try {
      client.messageArrivedComplete(id, qos);
    } catch (MqttException e) {
      // The broker redelivers an unacknowledged message; the database drops the duplicate.
      LOG.warn("Could not acknowledge message {}: {}", id, e.getMessage());
    }
  }

  /** MQTT 5's DISCONNECT reason when another connection took this client id's session. */
  static final int SESSION_TAKEN_OVER = 0x8E;

  private volatile Runnable onTakenOver;

  /**
   * Makes this a stand-in (ADR 0022: the leader ingesting as a dead node): when the broker hands
   * the session to another connection of the same client id, the node it stood in for is back, so
   * this one must not reconnect and take it again; {@code then} runs (on a thread of its own) to
   * close it.
   */
  public void standIn(Runnable then) {
    onTakenOver = then;
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    subscribed = false;
    Runnable then = onTakenOver;
    if (then != null && response.getReturnCode() == SESSION_TAKEN_OVER) {
      // Runs again if a reconnect slipped in before the close: the stop must be idempotent.
      LOG.info("MQTT session of {} taken back by its node; this stand-in stops", config.clientId());
      // Not on Paho's callback thread: closing the client from there would wait for itself.
      Thread stop = new Thread(then, "ioc-mqtt-stand-in-stop");
      stop.setDaemon(true);
      stop.start();
      return;
    }
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
    if (!client.isConnected()) {
      return Future.succeededFuture(Health.down("not connected to " + config.brokerUri()));
    }
    if (!subscribed) {
      return Future.succeededFuture(
          Health.down("connected but not subscribed to " + config.subscription()));
    }
    return Future.succeededFuture(
        Health.up(
            Map.of(
                "uri",
                config.brokerUri(),
                "subscription",
                config.subscription(),
                // A count that keeps growing means the node keeps losing its session.
                "connections",
                connection.get())));
  }

  /**
   * Takes no new message from now on, while staying connected so that what the pipeline still
   * commits is acknowledged. Not an unsubscribe: the persistent session keeps its subscription, and
   * the broker queues what devices send until this node is back.
   */
  public void stopIntake() {
    intakeStopped = true;
  }

  @Override
  public void close() {
    if (leftWhileStopping.get() > 0) {
      LOG.info(
          "{} messages that arrived while stopping are left with the broker for the next start",
          leftWhileStopping.get());
    }
    try {
      if (client.isConnected()) {
        client.disconnect(2_000).waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      LOG.warn("MQTT disconnect: {}", e.getMessage());
      try {
        client.disconnectForcibly(0, 1_000, false);
      } catch (MqttException forced) {
        LOG.warn("MQTT forced disconnect: {}", forced.getMessage());
      }
    } finally {
      try {
        client.close(true);
      } catch (MqttException e) {
        LOG.warn("MQTT close: {}", e.getMessage());
      }
    }
  }

  /** Checks the broker granted the subscription: a refused one must show in health, not hide. */
  private final class SubscribeResult implements MqttActionListener {
    private final boolean reconnect;
    private final String serverUri;

    SubscribeResult(boolean reconnect, String serverUri) {
      this.reconnect = reconnect;
      this.serverUri = serverUri;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      subscribed = codes != null && Arrays.stream(codes).allMatch(c -> c <= 2);
      if (subscribed) {
        LOG.info(
            "MQTT ingest {} to {}, subscribed to {}",
            reconnect ? "reconnected" : "connected",
            serverUri,
            config.subscription());
      } else {
        LOG.error(
            "Broker refused the subscription to {}: reason codes {}",
            config.subscription(),
            Arrays.toString(codes));
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      LOG.error("MQTT subscribe to {} failed", config.subscription(), e);
    }
  }
}
