package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.traffic.TrafficFeature;

/**
 * Devices sign in with their own credentials: the embedded broker refuses wrong ones and any
 * publish outside the device's own topic, HTTP ingest needs a credential, and the HTTP
 * authentication endpoint for external brokers answers in EMQX's and mosquitto-go-auth's formats.
 */
class DeviceCredentialsTest {
  private static DemoStack stack;
  private static Device mine;
  private static Device other;

  @BeforeAll
  static void start() {
    // A broker of its own: after the refused publishes below, the shared embedded HiveMQ
    // delivered a later client's messages with a wrong payload or not at all (not yet
    // understood; see the session note of 2026-12-02).
    stack = TestStack.startIsolated();
    List<Device> water =
        stack.server().registry().all().stream()
            .filter(d -> d.domain().equals(TrafficFeature.DOMAIN))
            .sorted(java.util.Comparator.comparing(Device::id))
            .toList();
    mine = water.get(0);
    other = water.get(1);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aDevicePublishesOnlyUnderItsOwnTopic() throws Exception {
    String secret = issue(mine.id());
    UplinkHandOff handOff = ((EmbeddedBroker) stack.broker()).handOff();
    long handedBefore = handOff.handedOff();
    Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
    MqttAsyncClient client =
        new MqttAsyncClient(stack.mqttUri(), mine.id() + ":async", new MemoryPersistence());
    client.connect(options(mine.id(), secret)).waitForCompletion(10_000);
    IMqttToken publish = client.publish(topic(other), reading(ts, 11));
    try {
      publish.waitForCompletion(10_000);
      assertThat(publish.getReasonCodes()).as("PUBACK reason").containsExactly(0x87);
    } catch (MqttException e) {
      // The disconnect that follows may overtake the PUBACK: refused all the same.
    }
    // HiveMQ disconnects a client that publishes where it may not.
    await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    client.close(true);
    MqttClient again = connect(mine.id(), secret);
    again.publish(topic(mine), reading(ts, 12));
    again.disconnect();
    again.close();
    // The device's own reading, published after the refused one, is stored; the refused one never.
    await().atMost(Duration.ofSeconds(20)).until(() -> stored(mine.id(), ts) == 1);
    assertThat(stored(other.id(), ts)).isZero();
    // The hand-off checks the grant itself (HiveMQ authorizes after interceptors): it took only
    // the device's own reading and left the other to be refused.
    assertThat(handOff.handedOff() - handedBefore).isEqualTo(1);
  }

  @Test
  void wrongAndRotatedCredentialsAreRefused() throws Exception {
    String first = issue(mine.id());
    connect(mine.id(), first).disconnect();
    assertThatThrownBy(() -> connect(mine.id(), first + "x"))
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
    assertThatThrownBy(() -> connect("no-such-device", first)).isInstanceOf(MqttException.class);
    MqttClient impostor =
        new MqttClient(stack.mqttUri(), DemoStack.NODE_USER, new MemoryPersistence());
    assertThatThrownBy(() -> impostor.connect(options(mine.id(), first)))
        .as("a device credential may not take the ingest node's client id")
        .isInstanceOf(MqttException.class);
    impostor.close(true);
    String second = issue(mine.id());
    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> connect(mine.id(), first))
        .as("the old secret stops working when rotated")
        .isInstanceOf(MqttException.class);
    connect(mine.id(), second).disconnect();
  }

  @Test
  void aGatewayCredentialCannotTakeOverANodesName() throws Exception {
    String plant = "plant-ingest";
    stack.credentials().issue(plant, DeviceGrant.Kind.NODE, List.of(), false);
    for (var name :
        java.util.Map.of(DemoStack.NODE_USER, "reserved", plant, "another kind").entrySet()) {
      HttpResponse<String> r =
          TestAccess.api(stack, Role.MAINTENANCE)
              .post(
                  "/api/v1/gateways/" + name.getKey() + "/credentials",
                  "application/json",
                  "{\"allDevices\":true}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains(name.getValue());
      assertThat(stack.credentials().grant(name.getKey()))
          .get()
          .extracting(g -> g.kind())
          .isEqualTo(DeviceGrant.Kind.NODE);
    }
  }

  /**
   * The probe's attack: a gateway named {@code ioc} (here one left from before the name was
   * reserved) signing in with the node's client id {@code ioc-demo} to take its session over.
   */
  @Test
  void noCredentialMayClaimTheNodesClientIdEvenWhenItsNameIsTheIdsPrefix() throws Exception {
    String secret = Secrets.newSecret();
    insertGateway("ioc", secret);
    try {
      long nodeConnections = nodeConnections();
      MqttClient impostor =
          new MqttClient(stack.mqttUri(), DemoStack.NODE_USER, new MemoryPersistence());
      assertThatThrownBy(() -> impostor.connect(options("ioc", secret)))
          .as("CONNACK of a gateway ioc with the client id ioc-demo")
          .isInstanceOfSatisfying(
              MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x87));
      impostor.close(true);
      // Taken over, the node would be disconnected and reconnect: its connection count would grow.
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(5))
          .until(() -> nodeConnections() == nodeConnections);
      assertThat(emqx("authn", auth("ioc", secret).put("clientid", DemoStack.NODE_USER)))
          .as("EMQX gets the same answer")
          .isEqualTo("deny");
      assertThat(goAuth("user", auth("ioc", secret).put("clientid", DemoStack.NODE_USER)))
          .as("mosquitto-go-auth gets the same answer")
          .isEqualTo(403);
      assertThat(emqx("authn", auth("ioc", secret))).isEqualTo("allow");
      MqttClient own = new MqttClient(stack.mqttUri(), "ioc:uplink", new MemoryPersistence());
      own.connect(options("ioc", secret));
      own.disconnect();
      own.close();
    } finally {
      deleteCredential("ioc");
    }
  }

  @Test
  void aDeviceConnectsWithItsOwnIdOrItsNameAndASuffix() throws Exception {
    String secret = issue(mine.id());
    for (String clientId : List.of(mine.id(), mine.id() + ":probe-1")) {
      MqttClient client = new MqttClient(stack.mqttUri(), clientId, new MemoryPersistence());
      client.connect(options(mine.id(), secret));
      client.disconnect();
      client.close();
    }
    MqttClient dashed =
        new MqttClient(stack.mqttUri(), mine.id() + "-probe-1", new MemoryPersistence());
    assertThatThrownBy(() -> dashed.connect(options(mine.id(), secret)))
        .as("a dash is part of names: the id could be another credential's")
        .isInstanceOfSatisfying(
            MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x87));
    dashed.close(true);
  }

  @Test
  void devicesAndGatewaysMayNotTakeNamesReservedForNodes() throws Exception {
    for (String name : List.of("ioc", "ioc-node-1", "IOC-demo2")) {
      HttpResponse<String> r;
      try {
        r =
            TestAccess.api(stack, Role.MAINTENANCE)
                .post(
                    "/api/v1/gateways/" + name + "/credentials",
                    "application/json",
                    "{\"allDevices\":true}");
        assertThat(stack.credentials().grant(name)).as(name).isEmpty();
      } finally {
        deleteCredential(name);
      }
      assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(name).contains("reserved for ingest nodes");
    }
  }

  @Test
  void httpIngestNeedsACredentialForEveryDeviceItSendsFor() throws Exception {
    String secret = issue(mine.id());
    String body = "[{\"deviceId\":\"" + mine.id() + "\",\"values\":{\"speed\":33}}]";
    ApiClient anonymous = new ApiClient(stack.httpPort());
    assertThat(anonymous.post("/api/v1/ingest", "application/json", body).statusCode())
        .isEqualTo(401);
    assertThat(
            anonymous
                .withAuthorization(TestAccess.basic(mine.id(), "wrong"))
                .post("/api/v1/ingest", "application/json", body)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            anonymous
                .withToken(TestAccess.api(stack, Role.ADMIN).token())
                .post("/api/v1/ingest", "application/json", body)
                .statusCode())
        .as("a user's token is not a device credential")
        .isEqualTo(401);
    ApiClient device = anonymous.withAuthorization(TestAccess.basic(mine.id(), secret));
    HttpResponse<String> foreign =
        device.post(
            "/api/v1/ingest",
            "application/json",
            "[{\"deviceId\":\"" + other.id() + "\",\"values\":{\"speed\":1}}]");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains(other.id());
    HttpResponse<String> own = device.post("/api/v1/ingest", "application/json", body);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
  }

  @Test
  void externalBrokersAskTheHttpEndpointInEmqxFormat() throws Exception {
    String secret = issue(mine.id());
    assertThat(emqx("authn", auth(mine.id(), secret))).isEqualTo("allow");
    assertThat(emqx("authn", auth(mine.id(), "nope"))).isEqualTo("deny");
    assertThat(emqx("authn", auth(mine.id(), secret).put("clientid", "ioc-node-1")))
        .as("someone else's client id")
        .isEqualTo("deny");
    assertThat(emqx("authz", acl(mine.id(), "publish", topic(mine)))).isEqualTo("allow");
    assertThat(emqx("authz", acl(mine.id(), "publish", topic(other)))).isEqualTo("deny");
    assertThat(emqx("authz", acl(mine.id(), "subscribe", "cantho/v1/+/+/up"))).isEqualTo("deny");
    assertThat(emqx("authz", acl("nobody", "publish", topic(mine)))).isEqualTo("deny");
  }

  @Test
  void externalBrokersAskTheHttpEndpointInGoAuthFormat() throws Exception {
    String secret = issue(mine.id());
    assertThat(goAuth("user", auth(mine.id(), secret))).isEqualTo(200);
    assertThat(goAuth("user", auth(mine.id(), "nope"))).isEqualTo(403);
    assertThat(goAuth("superuser", new JsonObject().put("username", mine.id()))).isEqualTo(403);
    assertThat(goAuth("acl", acl(mine.id(), null, topic(mine)).put("acc", 2))).isEqualTo(200);
    assertThat(goAuth("acl", acl(mine.id(), null, topic(other)).put("acc", 2))).isEqualTo(403);
    assertThat(goAuth("acl", acl(mine.id(), null, topic(mine)).put("acc", 4))).isEqualTo(403);
  }

  private static String issue(String deviceId) throws Exception {
    HttpResponse<String> r =
        TestAccess.api(stack, Role.MAINTENANCE)
            .post("/api/v1/devices/" + deviceId + "/credentials", "application/json", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode body = ApiClient.JSON.readTree(r.body());
    assertThat(body.path("username").asText()).isEqualTo(deviceId);
    return body.path("password").asText();
  }

  private static MqttClient connect(String username, String secret) throws MqttException {
    MqttClient client =
        new MqttClient(stack.mqttUri(), username + ":test", new MemoryPersistence());
    try {
      client.connect(options(username, secret));
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  private static MqttConnectionOptions options(String username, String secret) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(username);
    options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    return options;
  }

  private static String topic(Device d) {
    return "cantho/v1/" + d.domain().code() + "/" + d.id() + "/up";
  }

  private static MqttMessage reading(Instant ts, int speed) {
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\"" + ts + "\",\"values\":{\"speed\":" + speed + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return m;
  }

  private static long stored(String deviceId, Instant ts) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM readings WHERE device_id = ? AND ts = ?")) {
      ps.setString(1, deviceId);
      ps.setTimestamp(2, java.sql.Timestamp.from(ts));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A gateway for every device, written as an older release could have: no name check. */
  private static void insertGateway(String name, String secret) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO device_credentials (username, kind, secret_hash, all_devices)"
                    + " VALUES (?, 'gateway', ?, true) ON CONFLICT (username) DO UPDATE SET"
                    + " kind = 'gateway', secret_hash = EXCLUDED.secret_hash, all_devices = true")) {
      ps.setString(1, name);
      ps.setString(2, Secrets.sha256(secret));
      ps.executeUpdate();
    }
  }

  private static void deleteCredential(String name) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM device_credentials WHERE username = ?")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
  }

  /** How often the ingest node has connected to the broker (it reconnects when kicked off). */
  private static long nodeConnections() throws Exception {
    JsonNode broker =
        new ApiClient(stack.httpPort()).get("/api/v1/health").path("components").path("broker");
    assertThat(broker.path("status").asText()).as(broker.toString()).isEqualTo("up");
    return broker.path("connections").asLong(-1);
  }

  private static JsonObject auth(String username, String password) {
    return new JsonObject()
        .put("username", username)
        .put("password", password)
        .put("clientid", username + ":1");
  }

  private static JsonObject acl(String username, String action, String topic) {
    JsonObject json =
        new JsonObject()
            .put("username", username)
            .put("clientid", username + ":1")
            .put("topic", topic);
    return action == null ? json : json.put("action", action);
  }

  private static String emqx(String which, JsonObject body) throws Exception {
    HttpResponse<String> r =
        new ApiClient(stack.httpPort())
            .post("/api/v1/broker/emqx/" + which, "application/json", body.encode());
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body()).getString("result");
  }

  private static int goAuth(String which, JsonObject body) throws Exception {
    return new ApiClient(stack.httpPort())
        .post("/api/v1/broker/go-auth/" + which, "application/json", body.encode())
        .statusCode();
  }
}
