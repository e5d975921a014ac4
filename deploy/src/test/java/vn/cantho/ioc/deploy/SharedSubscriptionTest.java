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
 * Two nodes in one shared-subscription group ({@code $share/ioc/...}) split one device stream: each
 * takes part of it, together they store every reading exactly once.
 */
class SharedSubscriptionTest {
  private static final int MESSAGES = 100;

  @Test
  void twoNodesInOneGroupSplitTheStreamAndStoreItOnce() throws Exception {
    Path data = TestDirs.create("ioc-shared");
    OneDevice device = OneDevice.register(data, 17);
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        EmbeddedBroker broker =
            EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      IocServer first = new IocServer(node(database, broker, device, data, "ioc-shared-1"));
      IocServer second = new IocServer(node(database, broker, device, data, "ioc-shared-2"));
      first.start();
      second.start();
      MqttClient client = new MqttClient(broker.uri(), "shared-device", new MemoryPersistence());
      client.connect();
      try {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
        device.publish(client, base, 0, MESSAGES);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> device.storedRows(first.database().dataSource()) == 2L * MESSAGES);
        // Each node counts what it stored, derived series (dawn oxygen by day) included; a
        // node's count follows its commit.
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  long byFirst = first.ingestStats().stored();
                  long bySecond = second.ingestStats().stored();
                  assertThat(byFirst).isPositive();
                  assertThat(bySecond).isPositive();
                  assertThat(byFirst + bySecond)
                      .isEqualTo(device.storedRowsWithDerived(first.database().dataSource()));
                });
      } finally {
        client.disconnect();
        client.close();
        first.close();
        second.close();
      }
    }
  }

  private static ServerSettings node(
      EmbeddedDatabase database, EmbeddedBroker broker, OneDevice device, Path data, String id) {
    return TestNodes.settings(database, broker.uri(), device.registry(), data.resolve(id), id)
        .withShareGroup("ioc");
  }
}
