package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import vn.cantho.ioc.core.notify.NotificationSettings;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * Everything a node needs to run against a database and a broker, embedded or external.
 *
 * @param registryFile devices to register at start, or null
 * @param opcuaMapping OPC UA servers to subscribe to (docs/opcua.md), or null
 * @param pkiDirectory where the OPC UA client keeps its certificate and the pinned server ones
 * @param nodeId this node's MQTT client id: unique per node, stable across its restarts (the broker
 *     keeps its session, and the messages queued for it, under that id)
 * @param mqttShareGroup when set, nodes subscribe as {@code $share/<group>/...} and the broker
 *     splits the devices' messages between them; null for a single node
 * @param security token keys, TLS, CORS and OpenID Connect
 * @param notifications the SMS, Zalo, e-mail and webhook providers every feature's alerts go
 *     through
 * @param allowUnsafeDurability start even when the database runs with fsync, synchronous_commit or
 *     full_page_writes off (an acknowledged reading could then be lost in a power cut)
 * @param kafka when set, device telemetry comes from this Kafka topic in a consumer group instead
 *     of the broker's uplink topics (ADR 0024); null to ingest over MQTT
 */
record ServerSettings(
    DatabaseConfig database,
    String mqttUri,
    String mqttUser,
    char[] mqttPassword,
    String httpHost,
    int httpPort,
    Path registryFile,
    Path opcuaMapping,
    Path pkiDirectory,
    String nodeId,
    String mqttShareGroup,
    ServerSecurity security,
    NotificationSettings notifications,
    boolean allowUnsafeDurability,
    vn.cantho.ioc.adapters.kafka.KafkaIngestConfig kafka) {

  /** Ingesting over MQTT, no Kafka. */
  ServerSettings(
      DatabaseConfig database,
      String mqttUri,
      String mqttUser,
      char[] mqttPassword,
      String httpHost,
      int httpPort,
      Path registryFile,
      Path opcuaMapping,
      Path pkiDirectory,
      String nodeId,
      String mqttShareGroup,
      ServerSecurity security,
      NotificationSettings notifications,
      boolean allowUnsafeDurability) {
    this(
        database,
        mqttUri,
        mqttUser,
        mqttPassword,
        httpHost,
        httpPort,
        registryFile,
        opcuaMapping,
        pkiDirectory,
        nodeId,
        mqttShareGroup,
        security,
        notifications,
        allowUnsafeDurability,
        null);
  }

  ServerSettings withShareGroup(String group) {
    return new ServerSettings(
        database,
        mqttUri,
        mqttUser,
        mqttPassword,
        httpHost,
        httpPort,
        registryFile,
        opcuaMapping,
        pkiDirectory,
        nodeId,
        group,
        security,
        notifications,
        allowUnsafeDurability,
        kafka);
  }
}
