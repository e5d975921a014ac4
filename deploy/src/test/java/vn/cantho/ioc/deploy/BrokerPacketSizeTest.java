package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.adapters.mqtt.MqttIngestConfig;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.traffic.TrafficFeature;

/**
 * The embedded broker refuses a packet larger than a payload the ingest node would accept (64 KiB)
 * plus room for topic and properties, before it holds the packet in memory: a 1 MB publish is never
 * acknowledged, never reaches the node, and the device is disconnected. A 60 KiB reading still goes
 * through.
 */
@ExtendWith(TestStack.class)
class BrokerPacketSizeTest {
  private static final int ONE_MB = 1_000_000;

  private static DemoStack stack;
  private static Device device;
  private static String secret;

  @BeforeAll
  static void start(DemoStack started) throws Exception {
    stack = started;
    // A traffic device of its own: DeviceCredentialsTest uses the first two.
    device =
        stack.server().registry().all().stream()
            .filter(d -> d.domain().equals(TrafficFeature.DOMAIN))
            .sorted(Comparator.comparing(Device::id))
            .skip(2)
            .findFirst()
            .orElseThrow();
    HttpResponse<String> r =
        TestAccess.api(stack, Role.MAINTENANCE)
            .post("/api/v1/devices/" + device.id() + "/credentials", "application/json", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = ApiClient.JSON.readTree(r.body());
    secret = body.path("password").asText();
  }

  /**
   * A client that ignores the broker's Maximum Packet Size (Paho honours it and would refuse to
   * send): the broker itself must cut the connection instead of acknowledging.
   */
  @Test
  void theBrokerDisconnectsADeviceSendingAOneMegabytePublish() throws Exception {
    Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(7200);
    long quarantinedBefore = quarantined();
    URI uri = URI.create(stack.mqttUri());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      out.write(RawMqtt.connect(device.id() + ":raw", device.id(), secret));
      out.flush();
      int[] connack = RawMqtt.readPacket(in);
      assertThat(connack[0]).as("CONNACK").isEqualTo(0x20);
      assertThat(connack[2]).as("CONNACK reason").isZero();
      byte[] payload = reading(ts, 7, ONE_MB);
      int answer;
      try {
        out.write(RawMqtt.publishQos1(topic(), payload));
        out.flush();
        answer = in.read();
      } catch (SocketException e) {
        answer = -1; // closed by the broker while we were still writing
      }
      assertThat(answer)
          .as("the broker's first answer: DISCONNECT (0xE0) or a closed connection, not PUBACK")
          .isIn(0xE0, -1);
      if (answer == 0xE0) {
        int length = in.read();
        assertThat(length > 0 ? in.read() : 0).as("DISCONNECT reason").isEqualTo(0x95);
      }
      assertThat(drain(in)).as("the broker closes the connection").isTrue();
    }
    // A reading published after the refused one arrives, so the refused one would have too.
    publishWithPaho(reading(ts.plusSeconds(1), 8, 100));
    await().atMost(Duration.ofSeconds(20)).until(() -> stored(ts.plusSeconds(1)) == 1);
    assertThat(stored(ts)).isZero();
    assertThat(quarantined()).as("nothing of it reached the node").isEqualTo(quarantinedBefore);
  }

  @Test
  void pahoIsToldTheLimitAndCannotSendOneMegabyte() throws Exception {
    Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(7100);
    MqttClient client =
        new MqttClient(stack.mqttUri(), device.id() + ":paho", new MemoryPersistence());
    client.connect(options());
    try {
      assertThatThrownBy(() -> client.publish(topic(), message(reading(ts, 9, ONE_MB))))
          .as("a 1 MB publish is refused, not acknowledged")
          .isInstanceOf(MqttException.class);
    } finally {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close(true);
    }
    assertThat(stored(ts)).isZero();
  }

  @Test
  void aSixtyKibReadingStillGoesThrough() throws Exception {
    Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(7000);
    byte[] payload = reading(ts, 10, 60 * 1024);
    assertThat(payload.length).isLessThan(MqttIngestConfig.MAX_PAYLOAD_BYTES);
    publishWithPaho(payload);
    await().atMost(Duration.ofSeconds(20)).until(() -> stored(ts) == 1);
  }

  private static void publishWithPaho(byte[] payload) throws MqttException {
    MqttClient client = new MqttClient(stack.mqttUri(), device.id(), new MemoryPersistence());
    client.connect(options());
    client.publish(topic(), message(payload));
    client.disconnect();
    client.close();
  }

  /** Reads until the broker closes; false if it keeps the connection open. */
  private static boolean drain(InputStream in) throws IOException {
    try {
      while (in.read() >= 0) {
        // whatever follows the DISCONNECT
      }
      return true;
    } catch (SocketException e) {
      return true; // reset
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  private static MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device.id());
    options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    return options;
  }

  private static MqttMessage message(byte[] payload) {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    return m;
  }

  private static String topic() {
    return "cantho/v1/" + device.domain().code() + "/" + device.id() + "/up";
  }

  /** A valid reading padded with JSON whitespace to at least {@code size} bytes. */
  private static byte[] reading(Instant ts, int speed, int size) {
    String json = "{\"ts\":\"" + ts + "\",\"values\":{\"speed\":" + speed + "}";
    return (json + " ".repeat(Math.max(0, size - json.length() - 1)) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static long stored(Instant ts) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM readings WHERE device_id = ? AND ts = ?")) {
      ps.setString(1, device.id());
      ps.setTimestamp(2, java.sql.Timestamp.from(ts));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long quarantined() throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM quarantine WHERE device_id = ?")) {
      ps.setString(1, device.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Just enough MQTT 5 to send what Paho would refuse to. */
  private static final class RawMqtt {
    private RawMqtt() {}

    static byte[] connect(String clientId, String username, String password) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      string(body, "MQTT");
      body.write(5); // protocol version
      body.write(0xC2); // user name, password, clean start
      body.write(0);
      body.write(60); // keep alive
      body.write(0); // no properties
      string(body, clientId);
      string(body, username);
      string(body, password);
      return packet(0x10, body.toByteArray());
    }

    static byte[] publishQos1(String topic, byte[] payload) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      string(body, topic);
      body.write(0);
      body.write(1); // packet id
      body.write(0); // no properties
      body.writeBytes(payload);
      return packet(0x32, body.toByteArray());
    }

    /** The packet's type byte and body, without its length. */
    static int[] readPacket(DataInputStream in) throws IOException {
      int type = in.read();
      if (type < 0) {
        throw new EOFException("connection closed");
      }
      int length = 0;
      int shift = 0;
      int b;
      do {
        b = in.readUnsignedByte();
        length |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      byte[] body = in.readNBytes(length);
      int[] packet = new int[body.length + 1];
      packet[0] = type;
      for (int i = 0; i < body.length; i++) {
        packet[i + 1] = body[i] & 0xFF;
      }
      return packet;
    }

    private static byte[] packet(int type, byte[] body) {
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      p.write(type);
      int length = body.length;
      do {
        int digit = length % 128;
        length /= 128;
        p.write(length > 0 ? digit | 0x80 : digit);
      } while (length > 0);
      p.writeBytes(body);
      return p.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >> 8);
      out.write(bytes.length & 0xFF);
      out.writeBytes(bytes);
    }
  }
}
