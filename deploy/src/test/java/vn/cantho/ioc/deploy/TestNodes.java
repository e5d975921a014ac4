package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import vn.cantho.ioc.core.api.TlsConfig;
import vn.cantho.ioc.core.auth.SigningSecret;

/** Settings of a test node on a given database and broker: loopback, any HTTP port, no OPC UA. */
final class TestNodes {
  private TestNodes() {}

  static ServerSettings settings(
      EmbeddedDatabase database, String brokerUri, Path registry, Path data, String nodeId) {
    return settings(database, brokerUri, registry, data, nodeId, null);
  }

  /** With a trust store for an {@code ssl://} broker. */
  static ServerSettings settings(
      EmbeddedDatabase database,
      String brokerUri,
      Path registry,
      Path data,
      String nodeId,
      TlsConfig mqttTrust) {
    return settings(database, brokerUri, null, null, registry, data, nodeId, mqttTrust);
  }

  /** Signing in to the broker with a user name and password. */
  static ServerSettings settings(
      EmbeddedDatabase database,
      String brokerUri,
      String mqttUser,
      char[] mqttPassword,
      Path registry,
      Path data,
      String nodeId,
      TlsConfig mqttTrust) {
    return new ServerSettings(
        database.config(4),
        brokerUri,
        mqttUser,
        mqttPassword,
        "127.0.0.1",
        0,
        registry,
        null,
        data.resolve("pki"),
        nodeId,
        null,
        new ServerSecurity(secret(data), null, java.util.List.of(), null, mqttTrust),
        vn.cantho.ioc.core.notify.NotificationSettings.none(),
        false);
  }

  /**
   * The environment of {@code ioc server} run as a process of its own on the given database and
   * broker, keeping its PKI and token key in {@code data}.
   */
  static void serverEnvironment(
      java.util.Map<String, String> env,
      vn.cantho.ioc.core.store.DatabaseConfig db,
      String brokerUri,
      Path data,
      String nodeId) {
    ServerProcess.environment(env, db, brokerUri, data, nodeId);
  }

  private static SigningSecret secret(Path data) {
    try {
      return SigningSecret.loadOrCreate(data.resolve("jwt-secret"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
