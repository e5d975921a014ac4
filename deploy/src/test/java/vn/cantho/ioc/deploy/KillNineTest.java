package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The node ({@code ioc server}, its own process) is killed with SIGKILL while a device publishes,
 * then started again: every reading the broker handed over is stored exactly once, because nothing
 * was acknowledged before its commit and the database drops redelivered duplicates.
 */
class KillNineTest {
  private static final int MESSAGES = 400;

  @Test
  void killedNodeLosesNothingAndStoresNothingTwice() throws Exception {
    Path data = Files.createTempDirectory("ioc-kill9");
    OneDevice device = OneDevice.register(data, 13);
    Path registry = device.registry();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        EmbeddedBroker broker =
            EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      String jdbc = database.config(1).jdbcUrl();
      Process node = startNode(data, jdbc, broker.uri(), registry, "node-1.log");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(data.resolve("node-1.log")).contains("Live map:"));

      Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
      MqttClient client = new MqttClient(broker.uri(), "kill9-device", new MemoryPersistence());
      client.connect();
      device.publish(client, base, 0, MESSAGES / 2);
      node.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no drain
      device.publish(client, base, MESSAGES / 2, MESSAGES / 2);
      client.disconnect();
      client.close();

      Process again = startNode(data, jdbc, broker.uri(), registry, "node-2.log");
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> rows(jdbc, device.id()) == 2L * MESSAGES);
        assertThat(distinctRows(jdbc, device.id())).isEqualTo(2L * MESSAGES);
      } finally {
        again.destroy();
        again.waitFor();
      }
    }
  }

  private static Process startNode(Path data, String jdbc, String mqtt, Path registry, String log)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--registry",
            registry.toString());
    Map<String, String> env = pb.environment();
    env.put("IOC_DB_URL", jdbc);
    env.put("IOC_DB_USER", "postgres");
    env.put("IOC_MQTT_URI", mqtt);
    env.put("IOC_NODE_ID", "ioc-kill9-node"); // the same session after the restart
    env.put("IOC_PKI_DIR", data.resolve("pki").toString());
    env.put("IOC_JWT_SECRET_FILE", data.resolve("jwt-secret").toString());
    return pb.redirectErrorStream(true).redirectOutput(data.resolve(log).toFile()).start();
  }

  private static long rows(String jdbc, String device) throws Exception {
    return count(jdbc, "SELECT count(*) FROM readings WHERE device_id = ?", device);
  }

  private static long distinctRows(String jdbc, String device) throws Exception {
    return count(
        jdbc, "SELECT count(DISTINCT (metric, ts)) FROM readings WHERE device_id = ?", device);
  }

  private static long count(String jdbc, String sql, String device) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
