package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops while devices keep publishing: nothing is acknowledged to the broker, nothing is
 * lost, and the flow resumes by itself when the database is back.
 */
class DatabaseOutageTest {
  private static final int BEFORE = 50;
  private static final int DURING = 100;
  private static final int AFTER = 50;

  @Test
  void readingsPublishedWhileTheDatabaseIsDownAreStoredOnceItIsBack() throws Exception {
    Path data = Files.createTempDirectory("ioc-outage");
    OneDevice device = OneDevice.register(data, 5);
    EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
    int dbPort = database.port();
    try (EmbeddedBroker broker =
        EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      IocServer server =
          new IocServer(
              TestNodes.settings(
                  database, broker.uri(), device.registry(), data, "ioc-outage-test"));
      server.start();
      MqttClient client = new MqttClient(broker.uri(), "outage-device", new MemoryPersistence());
      client.connect();
      try {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
        device.publish(client, base, 0, BEFORE);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> server.ingestStats().stored() == 2 * BEFORE);

        database.close(); // PostgreSQL really stops (pg_ctl stop)
        device.publish(client, base, BEFORE, DURING);
        // The adapter received them, the pipeline cannot commit: the health says so.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> server.ingestStats().failedBatches() > 0);
        assertThat(server.ingestStats().stored()).isEqualTo(2 * BEFORE);

        database = EmbeddedDatabase.start(data.resolve("postgres"), dbPort);
        device.publish(client, base, BEFORE + DURING, AFTER);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    device.storedRows(server.database().dataSource())
                        == 2L * (BEFORE + DURING + AFTER));
        assertThat(server.ingestStats().stored()).isEqualTo(2 * (BEFORE + DURING + AFTER));
      } finally {
        client.disconnect();
        client.close();
        server.close();
      }
    } finally {
      database.close();
    }
  }
}
