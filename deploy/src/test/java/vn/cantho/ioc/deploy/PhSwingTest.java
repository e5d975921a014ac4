package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.sim.RegistryFile;

/**
 * A shrimp pond's daily pH swing is derived on ingest and alerted on, through the broker and the
 * real engine. On a node of its own: the swing's window takes a probe's samples in time order, and
 * a test sharing a broker session with others cannot promise the order they arrive in.
 */
class PhSwingTest {

  @Test
  void aShrimpPondsDailyPhSwingIsDerivedAndAlerted() throws Exception {
    Path data = TestDirs.create("ioc-ph-swing");
    Path registry = data.resolve("devices.json");
    RegistryFile.write(registry, List.of(TestStack.SHRIMP_PROBE));
    String probe = TestStack.SHRIMP_PROBE.id();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        EmbeddedBroker broker = EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort());
        IocServer node =
            new IocServer(
                TestNodes.settings(database, broker.uri(), registry, data, "ioc-ph-swing"))) {
      node.start();
      MqttClient client = new MqttClient(broker.uri(), "ph-swing-probe", new MemoryPersistence());
      client.connect();
      try {
        Instant dawn = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(14));
        publishStored(client, node.database(), probe, dawn, 7.6);
        publishStored(client, node.database(), probe, dawn.plus(Duration.ofHours(13)), 8.9);
        publishStored(
            client,
            node.database(),
            probe,
            dawn.plus(Duration.ofHours(13)).plus(Duration.ofMinutes(5)),
            8.8);

        AlertStore alerts = new AlertStore(node.database());
        await().atMost(Duration.ofSeconds(20)).until(() -> swing(alerts, probe).isPresent());
        Alert swing = swing(alerts, probe).orElseThrow();
        assertThat(swing.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(swing.raisedValue()).isCloseTo(1.3, Offset.offset(1e-9));
        assertThat(count(node.database(), probe, "ph_swing"))
            .as("stored as a series like any reading")
            .isEqualTo(2);
      } finally {
        client.disconnect();
        client.close();
      }
    }
  }

  private static Optional<Alert> swing(AlertStore alerts, String probe) throws SQLException {
    return alerts.open("water").stream()
        .filter(a -> a.deviceId().equals(probe) && a.metric().equals("ph_swing"))
        .findFirst();
  }

  /** Publishes one pH sample and waits until it is stored, so the next comes after it. */
  private static void publishStored(
      MqttClient client, Database db, String probe, Instant ts, double ph) throws Exception {
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\"" + ts + "\",\"values\":{\"ph\":" + ph + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("cantho/v1/water/" + probe + "/up", m);
    await().atMost(Duration.ofSeconds(20)).until(() -> stored(db, probe, ts));
  }

  private static boolean stored(Database db, String probe, Instant ts) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT 1 FROM readings WHERE device_id = ? AND metric = 'ph' AND ts = ?")) {
      ps.setString(1, probe);
      ps.setTimestamp(2, Timestamp.from(ts));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long count(Database db, String probe, String metric) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM readings WHERE device_id = ? AND metric = ?")) {
      ps.setString(1, probe);
      ps.setString(2, metric);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
