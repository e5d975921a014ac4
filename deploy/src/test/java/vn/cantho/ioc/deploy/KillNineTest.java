package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * The node ({@code ioc server}, its own process) is killed with SIGKILL while a device publishes,
 * then started again: every reading the broker handed over is stored exactly once, because nothing
 * was acknowledged before its commit and the database drops redelivered duplicates.
 */
class KillNineTest {
  private static final int MESSAGES = 400;

  @Test
  void killedNodeLosesNothingAndStoresNothingTwice() throws Exception {
    Path data = TestDirs.create("ioc-kill9");
    OneDevice device = OneDevice.register(data, 13);
    Path registry = device.registry();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        EmbeddedBroker broker =
            EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      DatabaseConfig db = database.config(1);
      Process node = startNode(data, db, broker.uri(), registry, "node-1.log");
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

      Process again = startNode(data, db, broker.uri(), registry, "node-2.log");
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> device.storedRows(database.dataSource()) == 2L * MESSAGES);
        assertThat(device.distinctStoredRows(database.dataSource())).isEqualTo(2L * MESSAGES);
      } finally {
        again.destroy();
        again.waitFor();
      }
    }
  }

  private static Process startNode(
      Path data, DatabaseConfig db, String mqtt, Path registry, String log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(ServerProcess.command(List.of(), registry));
    // the same node id, so the same broker session after the restart
    TestNodes.serverEnvironment(pb.environment(), db, mqtt, data, "ioc-kill9-node");
    return pb.redirectErrorStream(true).redirectOutput(data.resolve(log).toFile()).start();
  }
}
