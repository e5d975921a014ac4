package vn.cantho.ioc.adapters.mqtt;

import java.time.Duration;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import vn.cantho.ioc.core.api.TlsConfig;

/**
 * How the ingest adapter connects to the broker.
 *
 * @param shareGroup when set, subscribes as {@code $share/<group>/...} so several nodes split the
 *     load; null for a single node
 * @param sessionExpiry how long the broker keeps our session (and queues QoS 1 messages for us)
 *     while we are away, e.g. during a restart
 * @param receiveMaximum unacknowledged messages the broker may send us at once; kept well below
 *     what the ingest pipeline holds, so back-pressure stops the broker rather than our socket
 * @param trust for an {@code ssl://} broker: the trust store holding its CA (or its own
 *     certificate); null to use the JVM's default trust store
 */
public record MqttIngestConfig(
    String brokerUri,
    String clientId,
    String username,
    char[] password,
    String shareGroup,
    Duration sessionExpiry,
    int receiveMaximum,
    TlsConfig trust) {

  /** A day: a node may be down over a night without the broker dropping what it queued. */
  public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);

  /**
   * Acknowledgements wait for the commit, so the window must cover what arrives during one commit
   * cycle: at the benchmark's ~12,000 messages/s and cycles of 100 to 300 ms that is up to 3,600.
   * 4,000 messages of 4 readings stay well inside the pipeline's 50,000.
   */
  public static final int DEFAULT_RECEIVE_MAXIMUM = 4_000;

  /**
   * The largest payload ingested (docs/payloads.md); a larger one is quarantined. Brokers should
   * refuse packets much larger than this before holding them in memory (docs/security.md).
   */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** The documented topic scheme: {@code cantho/v1/{domain}/{deviceId}/up}. */
  public static final String TOPIC_FILTER = "cantho/v1/+/+/up";

  /** Whether {@link #TOPIC_FILTER} matches a topic a client published on (Paho's matcher). */
  public static boolean matchesTopicFilter(String topic) {
    return MqttTopicValidator.isMatched(TOPIC_FILTER, topic);
  }

  public String subscription() {
    return shareGroup == null ? TOPIC_FILTER : "$share/" + shareGroup + "/" + TOPIC_FILTER;
  }

  @Override
  public String toString() {
    return "MqttIngestConfig[" + brokerUri + ", clientId=" + clientId + ", user=" + username + "]";
  }
}
