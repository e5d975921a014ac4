package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * The broker restarts under the node: the ingest client reconnects and resubscribes by itself, and
 * QoS 1 messages published before and after the restart are all stored.
 */
class BrokerRestartTest {
  private static final int BEFORE = 50;
  private static final int AFTER = 50;

  @Test
  void ingestReconnectsAfterABrokerRestartAndLosesNothing() throws Exception {
    Path data = TestDirs.create("ioc-broker-restart");
    OneDevice device = OneDevice.register(data, 9);
    int port = DemoStack.freePort();
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"))) {
      EmbeddedBroker broker = EmbeddedBroker.start(data.resolve("broker"), port);
      IocServer server =
          new IocServer(
              TestNodes.settings(
                  database, broker.uri(), device.registry(), data, "ioc-restart-test"));
      try {
        server.start();
        publish(broker.uri(), device, base, 0, BEFORE);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> device.storedRows(server.database().dataSource()) == 2L * BEFORE);

        broker.close();
        broker = EmbeddedBroker.start(data.resolve("broker"), port);
        publish(broker.uri(), device, base, BEFORE, AFTER);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> device.storedRows(server.database().dataSource()) == 2L * (BEFORE + AFTER));
        device.awaitNodeCountsTheTable(server);
        assertThat(device.distinctStoredRows(server.database().dataSource()))
            .isEqualTo(2L * (BEFORE + AFTER));
      } finally {
        server.close();
        broker.close();
      }
    }
  }

  private static void publish(String uri, OneDevice device, Instant base, int from, int count)
      throws Exception {
    MqttClient client = new MqttClient(uri, "restart-device", new MemoryPersistence());
    client.connect();
    device.publish(client, base, from, count);
    client.disconnect();
    client.close();
  }
}
