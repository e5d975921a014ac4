package vn.cantho.ioc.deploy;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import vn.cantho.ioc.adapters.mqtt.MqttIngestConfig;

/**
 * A real MQTT 5 broker (HiveMQ Community Edition, embedded) with file persistence in a folder of
 * ours, so queued QoS 1 messages and sessions survive a restart. Listens on loopback only.
 */
final class EmbeddedBroker implements MqttBroker {
  /** The ingest client's Receive Maximum, which HiveMQ honours below its own window. */
  private static final int DELIVERY_WINDOW = MqttIngestConfig.DEFAULT_RECEIVE_MAXIMUM;

  /** What each persistence waits at stop for a task that might just have been enqueued. */
  private static final int STOP_GRACE_MILLIS = 100;

  /**
   * The largest MQTT packet accepted: the payload limit plus 1 KiB for topic and properties.
   * HiveMQ's default (256 MB) let one device make the broker hold a 20 MB publish, acknowledge it
   * and pass it on, only for the node to quarantine it; now HiveMQ reads the packet's length,
   * answers DISCONNECT "packet too large" (0x95) and drops the connection before the body arrives.
   * It also tells MQTT 5 clients the limit in CONNACK. docs/security.md gives the same for external
   * brokers.
   */
  static final int MAX_PACKET_BYTES = MqttIngestConfig.MAX_PAYLOAD_BYTES + 1024;

  private final EmbeddedHiveMQ hivemq;
  private final int port;
  private final UplinkHandOff handOff;

  private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port, UplinkHandOff handOff) {
    this.hivemq = hivemq;
    this.port = port;
    this.handOff = handOff;
  }

  /** A broker that lets any client in: for tests of the ingest path alone. */
  static EmbeddedBroker start(Path home, int port) throws IOException {
    return start(home, port, null);
  }

  /**
   * @param auth the device sign-in and topic permissions; null lets any client in (tests of the
   *     ingest path alone)
   */
  static EmbeddedBroker start(Path home, int port, BrokerAuthExtension auth) throws IOException {
    Path data = Files.createDirectories(home.resolve("data"));
    Path extensions = Files.createDirectories(home.resolve("extensions"));
    Files.writeString(
        home.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <mqtt>
            <!-- HiveMQ's default keeps 1,000 messages per offline or slow session and discards
                 the rest: a silent loss for an ingest node that restarts. Two million covers
                 more than a day of the demo's traffic. -->
            <queued-messages><max-queue-size>2000000</max-queue-size><strategy>discard</strategy></queued-messages>
            <packets><max-packet-size>%d</max-packet-size></packets>
            <!-- No topic aliases: a reading's device is its topic, and the full suite once saw a
                 payload arrive under another device's topic; every uplink names its topic whole. -->
            <topic-alias><enabled>false</enabled></topic-alias>
          </mqtt>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port, MAX_PACKET_BYTES));
    // HiveMQ reconfigures logging from its own folder; give it ours so its INFO chatter stays
    // quiet.
    try (InputStream logback = EmbeddedBroker.class.getResourceAsStream("/logback.xml")) {
      if (logback != null) {
        Files.copy(logback, home.resolve("logback.xml"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    tuneInternals();
    UplinkHandOff handOff = UplinkHandOff.open(home.resolve("uplinks"));
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            .withEmbeddedExtension(new EmbeddedBrokerExtension(auth, handOff).embedded())
            .build();
    try {
      hivemq.start().join();
    } catch (RuntimeException e) {
      closeQuietly(hivemq);
      handOff.close();
      throw new IOException(
          "MQTT broker did not start on 127.0.0.1:" + port + " (port in use?)", e);
    }
    return new EmbeddedBroker(hivemq, port, handOff);
  }

  /**
   * Hands uplinks to a node in this JVM rather than queueing them for its MQTT session (ADR 0026);
   * null stops that, and waits until what was taken has reached the node.
   */
  @Override
  public void handUplinksTo(UplinkHandOff.Intake node) {
    if (node == null) {
      handOff.detach();
    } else {
      handOff.attach(node);
    }
  }

  /** Uplinks handed straight to the node, and those left to HiveMQ's queue instead. */
  UplinkHandOff handOff() {
    return handOff;
  }

  /**
   * HiveMQ sends a subscriber at most 50 unacknowledged messages and polls the next batch only once
   * all of them are acknowledged, whatever the client's Receive Maximum. The ingest node acks only
   * after commit, so that window capped it at one 50-message batch per commit (issue 4's first
   * measurement). The limits are static fields with no configuration key; in our own JVM we can
   * raise them before the broker starts.
   *
   * <p>At stop, each of HiveMQ's persistences waits a grace period (2 s by default) for tasks that
   * might still be enqueued, one after the other: about 5 s in all. The broker is stopped last,
   * when every client of this process is gone, so a short grace loses nothing.
   */
  private static void tuneInternals() {
    InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = DELIVERY_WINDOW;
    InternalConfigurations.PUBLISH_POLL_BATCH_SIZE = DELIVERY_WINDOW;
    InternalConfigurations.PERSISTENCE_SHUTDOWN_GRACE_PERIOD_MSEC.set(STOP_GRACE_MILLIS);
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (Exception ignored) {
      // already failing to start; the start error is the one worth reporting
    }
  }

  @Override
  public String name() {
    return "HiveMQ CE (embedded)";
  }

  @Override
  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    handOff.detach();
    try {
      hivemq.stop().join();
      hivemq.close();
    } finally {
      handOff.close();
    }
  }
}
