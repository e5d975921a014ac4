package vn.cantho.ioc.adapters.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How a node consumes device telemetry from Kafka (ADR 0024).
 *
 * @param bootstrapServers the brokers, {@code host:port,...}
 * @param topic records keyed by device id whose value is the payload the device would publish over
 *     MQTT (the project's JSON or SenML)
 * @param groupId the consumer group: every node of a cluster uses the same one, so each partition,
 *     and with it each device, is read by one node at a time
 * @param clientId this node's id, as the group's member list shows it
 * @param maxInFlight records handed to the pipeline and not yet committed before the consumer
 *     pauses; kept well below what the pipeline holds, so the poll thread does not block in submit
 * @param sessionTimeout how long the group waits for a silent member before handing its partitions
 *     to the others: the bound on how long a dead node's devices wait
 * @param extra further consumer properties, e.g. {@code security.protocol} and SASL settings from a
 *     file, layered over the ones above except the offset handling, which is this adapter's
 */
public record KafkaIngestConfig(
    String bootstrapServers,
    String topic,
    String groupId,
    String clientId,
    int maxInFlight,
    Duration sessionTimeout,
    Map<String, String> extra) {

  public static final String DEFAULT_TOPIC = "ioc.telemetry";
  public static final String DEFAULT_GROUP = "ioc-ingest";

  /** Like the MQTT receive maximum: one commit cycle's worth at full rate, far below 50,000. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 4_000;

  /** A dead node's partitions move within about this plus one rebalance. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);

  public KafkaIngestConfig {
    extra = Map.copyOf(extra);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be positive");
    }
  }

  public static KafkaIngestConfig of(String bootstrapServers, String clientId) {
    return new KafkaIngestConfig(
        bootstrapServers,
        DEFAULT_TOPIC,
        DEFAULT_GROUP,
        clientId,
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_SESSION_TIMEOUT,
        Map.of());
  }

  public KafkaIngestConfig withTopic(String t) {
    return new KafkaIngestConfig(
        bootstrapServers, t, groupId, clientId, maxInFlight, sessionTimeout, extra);
  }

  public KafkaIngestConfig withGroup(String g) {
    return new KafkaIngestConfig(
        bootstrapServers, topic, g, clientId, maxInFlight, sessionTimeout, extra);
  }

  public KafkaIngestConfig withMaxInFlight(int n) {
    return new KafkaIngestConfig(
        bootstrapServers, topic, groupId, clientId, n, sessionTimeout, extra);
  }

  public KafkaIngestConfig withExtra(Map<String, String> more) {
    return new KafkaIngestConfig(
        bootstrapServers, topic, groupId, clientId, maxInFlight, sessionTimeout, more);
  }

  /** The consumer's properties. Offsets are committed by the adapter, after the database commit. */
  public Properties consumerProperties() {
    Properties p = new Properties();
    p.putAll(extra);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A new group starts at the beginning: telemetry written before the first node came up is
    // still telemetry.
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.putIfAbsent(
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
    // The usual third of the session timeout.
    p.putIfAbsent(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        Long.toString(Math.max(500, sessionTimeout.toMillis() / 3)));
    // Survivors keep their partitions while a dead member's are handed out (no stop-the-world).
    p.putIfAbsent(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // The consumer pauses between polls: one poll's records may go past maxInFlight, at most twice.
    p.putIfAbsent(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.min(1_000, maxInFlight)));
    // Uncommitted readings of an aborted transaction are not telemetry.
    p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }
}
