package vn.cantho.ioc.deploy;

/** An MQTT broker the stack started and owns: the embedded HiveMQ, or Debian's mosquitto. */
interface MqttBroker extends AutoCloseable {
  /** Where clients connect, e.g. {@code tcp://127.0.0.1:1883}. */
  String uri();

  /** Display name for logs and benchmark results. */
  String name();
}
