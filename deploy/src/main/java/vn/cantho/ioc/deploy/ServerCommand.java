package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import vn.cantho.ioc.core.store.DatabaseConfig;

/** {@code ioc server}: one node against an external PostgreSQL/TimescaleDB and MQTT broker. */
final class ServerCommand {
  private ServerCommand() {}

  static void run(List<String> args) throws Exception {
    Options o =
        Options.parse(
            args,
            Set.of(),
            Set.of(
                "port",
                "host",
                "registry",
                "db-url",
                "db-user",
                "mqtt-uri",
                "mqtt-user",
                "node-id",
                "share-group",
                "opcua",
                "pki"));
    String mqttUri = require(o.get("mqtt-uri", "IOC_MQTT_URI", null), "IOC_MQTT_URI or --mqtt-uri");
    String mqttPassword = System.getenv("IOC_MQTT_PASSWORD");
    String registry = o.get("registry", "IOC_REGISTRY", null);
    String opcua = o.get("opcua", "IOC_OPCUA_MAPPING", null);
    ServerSettings settings =
        new ServerSettings(
            externalDatabase(o),
            mqttUri,
            o.get("mqtt-user", "IOC_MQTT_USER", null),
            mqttPassword == null ? null : mqttPassword.toCharArray(),
            o.get("host", "IOC_HTTP_HOST", "127.0.0.1"),
            o.getInt("port", 8080),
            registry == null ? null : Path.of(registry),
            opcua == null ? null : Path.of(opcua),
            Path.of(o.get("pki", "IOC_PKI_DIR", "pki")),
            o.get("node-id", "IOC_NODE_ID", "ioc-node-1"),
            o.get("share-group", "IOC_MQTT_SHARE_GROUP", null));
    IocServer server = new IocServer(settings);
    int port = server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    System.out.println("Live map: http://localhost:" + port + "/");
    stopped.await();
  }

  /** Passwords come from the environment only: command lines are visible to every local user. */
  static DatabaseConfig externalDatabase(Options o) {
    return new DatabaseConfig(
        require(o.get("db-url", "IOC_DB_URL", null), "IOC_DB_URL or --db-url"),
        o.get("db-user", "IOC_DB_USER", "ioc"),
        System.getenv("IOC_DB_PASSWORD"),
        16,
        30);
  }

  private static String require(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("set " + what);
    }
    return value;
  }
}
