package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for 30 s while a device keeps publishing: nothing is lost, and the flow resumes
 * by itself when the database is back. The broker hands the uplinks to the node as in {@code
 * deploy/ioc demo} (ADR 0026): they wait in its journal, not in its queue, until committed.
 */
class DatabaseOutageTest {
  private static final int BEFORE = 50;
  private static final int AFTER = 50;
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final Duration PUBLISH_EVERY = Duration.ofMillis(250);

  @Test
  void readingsPublishedWhileTheDatabaseIsDownAreStoredOnceItIsBack() throws Exception {
    Path data = TestDirs.create("ioc-outage");
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
      broker.handUplinksTo(server.uplinkIntake());
      MqttClient client = new MqttClient(broker.uri(), "outage-device", new MemoryPersistence());
      client.connect();
      try {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
        device.publish(client, base, 0, BEFORE);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> device.storedRows(server.database().dataSource()) == 2L * BEFORE);
        device.awaitNodeCountsTheTable(server);
        long storedBefore = server.ingestStats().stored();

        database.close(); // PostgreSQL really stops (pg_ctl stop)
        // For the whole outage the device publishes a message every 250 ms, and the node must
        // neither store nor lose any of them.
        AtomicInteger during = new AtomicInteger();
        await()
            .pollInterval(PUBLISH_EVERY)
            .during(OUTAGE)
            .atMost(OUTAGE.plusSeconds(10))
            .until(
                () -> {
                  device.publish(client, base, BEFORE + during.getAndIncrement(), 1);
                  return server.ingestStats().stored() == storedBefore;
                });
        // The adapter received them, the pipeline could not commit: it kept trying.
        assertThat(server.ingestStats().failedBatches()).isPositive();
        int published = BEFORE + during.get();

        database = EmbeddedDatabase.start(data.resolve("postgres"), dbPort);
        device.publish(client, base, published, AFTER);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    device.storedRows(server.database().dataSource()) == 2L * (published + AFTER));
        device.awaitNodeCountsTheTable(server);
        assertThat(broker.handOff().handedOff()).isEqualTo(published + AFTER);
      } finally {
        client.disconnect();
        client.close();
        broker.handUplinksTo(null);
        server.close();
      }
    } finally {
      database.close();
    }
  }
}
