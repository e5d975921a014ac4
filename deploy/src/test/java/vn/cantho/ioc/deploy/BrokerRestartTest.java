package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;

/**
 * The broker restarts under the node: the ingest client reconnects and resubscribes by itself, and
 * QoS 1 messages published before and after the restart are all stored.
 */
class BrokerRestartTest {
  private static final int BEFORE = 50;
  private static final int AFTER = 50;

  @Test
  void ingestReconnectsAfterABrokerRestartAndLosesNothing() throws Exception {
    Path data = Files.createTempDirectory("ioc-broker-restart");
    Path registry = data.resolve("devices.json");
    List<SimDevice> devices =
        new RegistryGenerator(DemoZones.load(), 9).generate(new FleetSize(1, 0, 0)).devices();
    RegistryFile.write(registry, devices);
    String device = devices.get(0).id();
    int port = DemoStack.freePort();
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"))) {
      EmbeddedBroker broker = EmbeddedBroker.start(data.resolve("broker"), port);
      IocServer server =
          new IocServer(
              new ServerSettings(
                  database.config(4),
                  broker.uri(),
                  null,
                  null,
                  "127.0.0.1",
                  0,
                  registry,
                  null,
                  data.resolve("pki"),
                  "ioc-restart-test"));
      try {
        server.start();
        publish(broker.uri(), device, base, 0, BEFORE);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.ingestStats().stored() == BEFORE);

        broker.close();
        broker = EmbeddedBroker.start(data.resolve("broker"), port);
        publish(broker.uri(), device, base, BEFORE, AFTER);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> server.ingestStats().stored() == BEFORE + AFTER);
        assertThat(server.ingestStats().stored()).isEqualTo(BEFORE + AFTER);
      } finally {
        server.close();
        broker.close();
      }
    }
  }

  private static void publish(String uri, String device, Instant base, int from, int count)
      throws Exception {
    MqttClient client = new MqttClient(uri, "restart-device", new MemoryPersistence());
    client.connect();
    for (int i = from; i < from + count; i++) {
      MqttMessage m =
          new MqttMessage(
              ("{\"ts\":\"" + base.plusSeconds(i) + "\",\"values\":{\"do\":" + (i % 10) + "}}")
                  .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      client.publish("cantho/v1/water/" + device + "/up", m);
    }
    client.disconnect();
    client.close();
  }
}
