package vn.cantho.ioc.core.feature;

/**
 * The broker's open topics ({@value #PREFIX}…, SensorThings' MQTT extension): a feature publishes
 * public data there and every credential may subscribe, none but the node may publish (the broker's
 * topic rules, {@code TopicAcl}). Publishing never blocks: what the node's bounded queue cannot
 * take is dropped and counted, as a live map drops frames for a slow screen.
 */
public interface OpenTopics {
  String PREFIX = "v1.0/";

  /**
   * Queues a JSON message for {@code topic}, which must start with {@value #PREFIX}; false when it
   * was dropped (queue full, or no broker on this node).
   */
  boolean publish(String topic, String json);

  /** For a node or test kit without a broker: nothing is published. */
  OpenTopics NONE = (topic, json) -> false;
}
