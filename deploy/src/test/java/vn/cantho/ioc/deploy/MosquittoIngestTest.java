package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.cantho.ioc.core.api.TlsConfig;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;

/**
 * The ingest node against another broker than the embedded one: Debian's mosquitto (installed by
 * .ci/run; skipped where it is missing), over plain TCP and over TLS with a trust store. Same
 * adapter, same acknowledgement after commit.
 */
class MosquittoIngestTest {
  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void readingsPublishedThroughMosquittoAreStored(boolean tls) throws Exception {
    // A missing broker fails the run rather than skipping it (.ci/run installs it).
    assertThat(MosquittoBroker.installed())
        .as("mosquitto not installed (apt-get install mosquitto)")
        .isTrue();
    Path data = TestDirs.create("ioc-mosquitto");
    MosquittoBroker.PemIdentity identity = tls ? TestCertificates.pem(data) : null;
    Path trustStore = tls ? TestCertificates.trustStore(data, identity.certificate()) : null;
    TlsConfig trust = tls ? new TlsConfig(trustStore, TestCertificates.PASSWORD) : null;
    Path registry = data.resolve("devices.json");
    List<SimDevice> devices =
        new RegistryGenerator(DemoZones.load(), 11).generate(new FleetSize(2, 0, 0)).devices();
    RegistryFile.write(registry, devices);
    try (MosquittoBroker broker =
            MosquittoBroker.start(data.resolve("mosquitto"), DemoStack.freePort(), identity);
        EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"))) {
      IocServer server =
          new IocServer(
              TestNodes.settings(db, broker.uri(), registry, data, "ioc-mosquitto-test", trust));
      server.start();
      try {
        String device = devices.get(0).id();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MqttClient client =
            new MqttClient(broker.uri(), "mosquitto-device", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        if (tls) {
          assertThat(broker.uri()).startsWith("ssl://");
          options.setSSLProperties(TestCertificates.pahoTrust(trustStore));
        }
        client.connect(options);
        MqttMessage message =
            new MqttMessage(
                ("{\"ts\":\"" + ts + "\",\"values\":{\"do\":6.5,\"ph\":7.7}}")
                    .getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish("cantho/v1/water/" + device + "/up", message);
        client.disconnect();
        client.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> rows(server, device) == 2);
      } finally {
        server.close();
      }
    }
  }

  private static long rows(IocServer server, String device) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            // only what it published: at night the pipeline also stores the projected dawn DO
            c.prepareStatement(
                "SELECT count(*) FROM readings WHERE device_id = ? AND metric IN ('do', 'ph')")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
