package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import vn.cantho.ioc.adapters.kafka.KafkaIngestConfig;
import vn.cantho.ioc.core.api.TlsConfig;
import vn.cantho.ioc.core.auth.OidcTokens;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.notify.NotificationSettings;
import vn.cantho.ioc.core.store.DatabaseConfig;

/** {@code ioc server}: one node against an external PostgreSQL/TimescaleDB and MQTT broker. */
final class ServerCommand {
  private ServerCommand() {}

  static void run(List<String> args) throws Exception {
    Options o =
        Options.parse(
            args,
            Set.of("allow-plain-http", "allow-unsafe-durability"),
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
                "pki",
                "jwt-secret-file",
                "tls-keystore",
                "cors-origins",
                "oidc-issuer",
                "oidc-jwks",
                "oidc-audience",
                "mqtt-truststore",
                "kafka-bootstrap",
                "kafka-topic",
                "kafka-group",
                "kafka-config"));
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
            // "::" listens on every IPv6 and IPv4 address (dual stack).
            o.get("host", "IOC_HTTP_HOST", "::"),
            o.getInt("port", 8080),
            registry == null ? null : Path.of(registry),
            opcua == null ? null : Path.of(opcua),
            Path.of(o.get("pki", "IOC_PKI_DIR", "pki")),
            o.get("node-id", "IOC_NODE_ID", "ioc-node-1"),
            o.get("share-group", "IOC_MQTT_SHARE_GROUP", null),
            security(o),
            NotificationSettings.fromEnv(System.getenv()),
            o.flag("allow-unsafe-durability")
                || "true".equals(System.getenv("IOC_ALLOW_UNSAFE_DURABILITY")),
            kafka(o, o.get("node-id", "IOC_NODE_ID", "ioc-node-1")));
    refusePlainHttpBeyondLoopback(settings, o.flag("allow-plain-http"));
    IocServer server = new IocServer(settings);
    int port = server.start();
    StopSignals.install(server::close);
    System.out.println("Live map: http://localhost:" + port + "/");
    new CountDownLatch(1).await(); // until a signal stops the process
  }

  /**
   * The token key from {@code IOC_JWT_SECRET} (base64, shared by all nodes) or a file created on
   * first start; TLS, CORS and OpenID Connect from options or the environment. Secrets come from
   * the environment or files, never the command line.
   */
  static ServerSecurity security(Options o) throws java.io.IOException {
    String secret = System.getenv("IOC_JWT_SECRET");
    SigningSecret jwt =
        secret != null
            ? SigningSecret.fromBase64(secret)
            : SigningSecret.loadOrCreate(
                Path.of(o.get("jwt-secret-file", "IOC_JWT_SECRET_FILE", "jwt-secret")));
    String keyStore = o.get("tls-keystore", "IOC_TLS_KEYSTORE", null);
    TlsConfig tls =
        keyStore == null
            ? null
            : new TlsConfig(
                Path.of(keyStore),
                require(System.getenv("IOC_TLS_PASSWORD"), "IOC_TLS_PASSWORD for the key store"));
    String origins = o.get("cors-origins", "IOC_CORS_ORIGINS", "");
    String issuer = o.get("oidc-issuer", "IOC_OIDC_ISSUER", null);
    OidcTokens.Settings oidc =
        issuer == null
            ? null
            : OidcTokens.Settings.of(
                issuer,
                require(o.get("oidc-jwks", "IOC_OIDC_JWKS", null), "IOC_OIDC_JWKS or --oidc-jwks"),
                require(
                    o.get("oidc-audience", "IOC_OIDC_AUDIENCE", null),
                    "IOC_OIDC_AUDIENCE or --oidc-audience"));
    String mqttTrustStore = o.get("mqtt-truststore", "IOC_MQTT_TRUSTSTORE", null);
    TlsConfig mqttTrust =
        mqttTrustStore == null
            ? null
            : new TlsConfig(
                Path.of(mqttTrustStore),
                require(
                    System.getenv("IOC_MQTT_TRUSTSTORE_PASSWORD"),
                    "IOC_MQTT_TRUSTSTORE_PASSWORD for the MQTT trust store"));
    return new ServerSecurity(
        jwt, tls, origins.isBlank() ? List.of() : List.of(origins.split(",")), oidc, mqttTrust);
  }

  /**
   * The Kafka lane (ADR 0024), when {@code IOC_KAFKA_BOOTSTRAP} or {@code --kafka-bootstrap} is
   * set: topic ({@code ioc.telemetry}) and group ({@code ioc-ingest}) by default. Further consumer
   * properties (TLS, SASL) come from a properties file ({@code IOC_KAFKA_CONFIG}), so secrets stay
   * off the command line.
   */
  static KafkaIngestConfig kafka(Options o, String nodeId) throws java.io.IOException {
    String bootstrap = o.get("kafka-bootstrap", "IOC_KAFKA_BOOTSTRAP", null);
    if (bootstrap == null) {
      return null;
    }
    java.util.Map<String, String> extra = new java.util.HashMap<>();
    String file = o.get("kafka-config", "IOC_KAFKA_CONFIG", null);
    if (file != null) {
      java.util.Properties p = new java.util.Properties();
      try (var in = java.nio.file.Files.newBufferedReader(Path.of(file))) {
        p.load(in);
      }
      p.stringPropertyNames().forEach(k -> extra.put(k, p.getProperty(k)));
    }
    return KafkaIngestConfig.of(bootstrap, nodeId)
        .withTopic(o.get("kafka-topic", "IOC_KAFKA_TOPIC", KafkaIngestConfig.DEFAULT_TOPIC))
        .withGroup(o.get("kafka-group", "IOC_KAFKA_GROUP", KafkaIngestConfig.DEFAULT_GROUP))
        .withExtra(extra);
  }

  /**
   * Passwords, tokens and device credentials must not cross a network in clear text: without a key
   * store the node serves loopback only, unless told that a TLS proxy in front takes care of it.
   */
  static void refusePlainHttpBeyondLoopback(ServerSettings settings, boolean allowed) {
    if (settings.security().tls() != null || allowed) {
      return;
    }
    for (String host : settings.httpHost().split(",")) {
      String h = host.strip();
      if (!(h.equals("localhost") || h.startsWith("127.") || h.equals("::1"))) {
        throw new IllegalArgumentException(
            "refusing plain HTTP on "
                + h
                + ": give --tls-keystore (IOC_TLS_PASSWORD), or --host 127.0.0.1, or"
                + " --allow-plain-http behind a TLS-terminating proxy");
      }
    }
  }

  /** Passwords come from the environment only: command lines are visible to every local user. */
  static DatabaseConfig externalDatabase(Options o) {
    return new DatabaseConfig(
        require(o.get("db-url", "IOC_DB_URL", null), "IOC_DB_URL or --db-url"),
        o.get("db-user", "IOC_DB_USER", "ioc"),
        System.getenv("IOC_DB_PASSWORD"),
        // Each node of a cluster holds its pool plus two sessions of its own (leader lock, LISTEN):
        // nodes × (pool + 2) must stay under the server's max_connections (docs/SCALING.md).
        Integer.parseInt(java.util.Objects.requireNonNullElse(System.getenv("IOC_DB_POOL"), "16")),
        30);
  }

  private static String require(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("set " + what);
    }
    return value;
  }
}
