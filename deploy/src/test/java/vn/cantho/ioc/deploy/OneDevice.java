package vn.cantho.ioc.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;

/**
 * The fault tests' device: one water probe registered from a file, a numbered stream of its
 * readings (one per second of {@code base}), and a count of what was stored.
 */
record OneDevice(String id, Path registry) {

  static OneDevice register(Path data, long seed) throws IOException {
    Path registry = data.resolve("devices.json");
    var devices =
        new RegistryGenerator(DemoZones.load(), seed).generate(new FleetSize(1, 0, 0)).devices();
    RegistryFile.write(registry, devices);
    return new OneDevice(devices.get(0).id(), registry);
  }

  /**
   * Publishes readings {@code from} … {@code from + count - 1}, QoS 1, two metrics each. When the
   * broker holds back acknowledgements (its own back-pressure while the node cannot commit), Paho
   * refuses more publishes for a while; those are retried until the broker takes them.
   */
  void publish(MqttClient client, Instant base, int from, int count) {
    for (int i = from; i < from + count; i++) {
      MqttMessage m =
          new MqttMessage(
              ("{\"ts\":\""
                      + base.plusSeconds(i)
                      + "\",\"values\":{\"do\":"
                      + (i % 10)
                      + ",\"ph\":7}}")
                  .getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      String topic = "cantho/v1/water/" + id + "/up";
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                try {
                  client.publish(topic, m);
                  return true;
                } catch (MqttException e) {
                  if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    return false;
                  }
                  throw e;
                }
              });
    }
  }

  /**
   * Rows of the metrics it publishes: the pipeline may store derived series beside them (projected
   * dawn oxygen at night), which these counts leave out.
   */
  long storedRows(DataSource db) throws SQLException {
    return count(db, "count(*)", " AND metric IN ('do', 'ph')");
  }

  /** Rows of every metric, derived ones included: what the nodes count as stored. */
  long storedRowsWithDerived(DataSource db) throws SQLException {
    return count(db, "count(*)", "");
  }

  /**
   * Waits until the node's count of stored rows (derived series, e.g. dawn oxygen by day, included;
   * it follows the commit) is what the table holds for this device: nothing stored twice, nothing
   * counted that is not there.
   */
  void awaitNodeCountsTheTable(IocServer node) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                node.ingestStats().stored() == storedRowsWithDerived(node.database().dataSource()));
  }

  /**
   * Distinct (metric, time) pairs of the metrics it publishes: equal to the rows when none twice.
   */
  long distinctStoredRows(DataSource db) throws SQLException {
    return count(db, "count(DISTINCT (metric, ts))", " AND metric IN ('do', 'ph')");
  }

  private long count(DataSource db, String aggregate, String metrics) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + aggregate + " FROM readings WHERE device_id = ?" + metrics)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
