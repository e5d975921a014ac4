package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    Path registry = data.resolve("devices.json");
    List<SimDevice> devices =
        new RegistryGenerator(DemoZones.load(), 5).generate(new FleetSize(1, 0, 0)).devices();
    RegistryFile.write(registry, devices);
    String device = devices.get(0).id();
    EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
    int dbPort = database.port();
    try (EmbeddedBroker broker =
        EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
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
                  "ioc-outage-test"));
      server.start();
      MqttClient client = new MqttClient(broker.uri(), "outage-device", new MemoryPersistence());
      client.connect();
      try {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3_600);
        publish(client, device, base, 0, BEFORE);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.ingestStats().stored() == BEFORE);

        database.close(); // PostgreSQL really stops (pg_ctl stop)
        publish(client, device, base, BEFORE, DURING);
        // The adapter received them, the pipeline cannot commit: the health says so.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> server.ingestStats().failedBatches() > 0);
        assertThat(server.ingestStats().stored()).isEqualTo(BEFORE);

        database = EmbeddedDatabase.start(data.resolve("postgres"), dbPort);
        publish(client, device, base, BEFORE + DURING, AFTER);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> rows(server, device) == BEFORE + DURING + AFTER);
        assertThat(server.ingestStats().stored()).isEqualTo(BEFORE + DURING + AFTER);
      } finally {
        client.disconnect();
        client.close();
        server.close();
      }
    } finally {
      database.close();
    }
  }

  private static void publish(MqttClient client, String device, Instant base, int from, int count)
      throws Exception {
    for (int i = from; i < from + count; i++) {
      MqttMessage m =
          new MqttMessage(
              ("{\"ts\":\"" + base.plusSeconds(i) + "\",\"values\":{\"do\":" + (i % 10) + "}}")
                  .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      client.publish("cantho/v1/water/" + device + "/up", m);
    }
  }

  private static long rows(IocServer server, String device) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM readings WHERE device_id = ?")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
