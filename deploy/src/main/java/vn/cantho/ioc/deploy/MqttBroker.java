package vn.cantho.ioc.deploy;

/** An MQTT broker the stack started and owns: the embedded HiveMQ, or Debian's mosquitto. */
interface MqttBroker extends AutoCloseable {
  /** Where clients connect, e.g. {@code tcp://127.0.0.1:1883}. */
  String uri();

  /** Display name for logs and benchmark results. */
  String name();

  /**
   * Hands uplinks to a node in this JVM without a round trip through the broker's queue, where the
   * broker can (ADR 0026); null stops it. Brokers of their own process ignore it.
   */
  default void handUplinksTo(UplinkHandOff.Intake node) {}
}
