package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.PeriodicJob;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.store.Database;

/**
 * A feature written only for this test adds a metric, a permission, a route, a live message type, a
 * migration, a periodic job and a health indicator through the seam alone (ADR 0012), and each
 * works end to end in a real node: real PostgreSQL, broker, HTTP and WebSocket.
 */
class FeatureSeamTest {
  private static final String PASSWORD = "seam-test-password-1";

  @Test
  void aFeatureAddsEachOfItsPartsThroughTheSeamAlone() throws Exception {
    Path data = TestDirs.create("ioc-seam");
    OneDevice device = OneDevice.register(data, 31);
    CounterFeature counter = new CounterFeature();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        EmbeddedBroker broker =
            EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      ServerSettings settings =
          TestNodes.settings(database, broker.uri(), device.registry(), data, "ioc-seam");
      try (IocServer node = new IocServer(settings, List.of(counter))) {
        int port = node.start();
        addUser(node.database(), "seam.operator", Role.CITY_OPERATOR);
        addUser(node.database(), "seam.viewer", Role.VIEWER);
        ApiClient operator = signIn(port, "seam.operator");
        ApiClient viewer = signIn(port, "seam.viewer");

        // Migration: its table exists, in a history of its own.
        assertThat(historyVersions(node.database())).containsExactly("0", "1");

        // Periodic job: it ticks on the kernel's scheduler.
        await().atMost(Duration.ofSeconds(20)).until(() -> ticks(node.database()) >= 3);

        // Route and permission: the city operator may, a viewer may not, nobody unsigned.
        JsonNode answer = operator.get("/api/v1/counter/ticks");
        assertThat(answer.path("ticks").asLong()).isPositive();
        assertThat(viewer.send("/api/v1/counter/ticks").statusCode()).isEqualTo(403);
        assertThat(new ApiClient(port).send("/api/v1/counter/ticks").statusCode()).isEqualTo(401);
        HttpResponse<String> bad =
            operator.send(
                operator
                    .request("/api/v1/counter/reset")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"x\"}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("to must be a whole number");

        // Live message type: the operator's socket gets the feature's own messages.
        List<JsonNode> live = new CopyOnWriteArrayList<>();
        WebSocket socket = operator.live(live::add);
        awaitLive(live, "counter.tick", "deviceId", device.id());
        // A message about a zone reaches a city-wide operator too, named by its zone.
        awaitLive(live, "counter.zone", "zoneId", "31135");
        socket.abort();
        assertThatThrownBy(
                () -> counter.context.get().live().publish("water.secret", someDevice(node), null))
            .hasMessageContaining("did not declare the live type water.secret");

        // Metric: the pipeline accepts and stores the feature's metric like the kernel's.
        publishIndex(broker.uri(), device.id(), 42.5);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> countReadings(node.database(), device.id(), "counter_index") == 1);

        // Its routes are in the API's description, as it shipped them.
        assertThat(new ApiClient(port).get("/api/v1/openapi.json").path("paths").fieldNames())
            .toIterable()
            .contains("/api/v1/counter/ticks", "/api/v1/counter/reset");

        // Console: the shell is told of its script, and labels its metric from the catalog.
        assertThat(viewer.get("/api/v1/features").path("items").findValuesAsText("script"))
            .contains("/features/counter.js");
        assertThat(viewer.get("/api/v1/catalog").path("items").findValuesAsText("vi"))
            .contains("Chỉ số thử");

        // Health: its indicator shows among the node's components.
        assertThat(
                new ApiClient(port).get("/api/v1/health").at("/components/counter/status").asText())
            .isEqualTo("up");
      }

      // A restart on the same database applies no migration twice.
      try (IocServer again = new IocServer(settings, List.of(new CounterFeature()))) {
        again.start();
        assertThat(historyVersions(again.database())).containsExactly("0", "1");
      }
    }
  }

  /** The feature under test: a tick counter, all of whose parts go through the seam. */
  static final class CounterFeature implements IocFeature {
    static final FeaturePermission READ =
        new FeaturePermission("counter.read", Set.of(Role.CITY_OPERATOR));
    final AtomicReference<FeatureContext> context = new AtomicReference<>();

    @Override
    public String id() {
      return "counter";
    }

    @Override
    public String consoleScript() {
      return "features/counter.js";
    }

    @Override
    public List<Metric> metrics() {
      return List.of(
          new Metric(Domain.of("water"), "counter_index", "1", 0, 100, "Chỉ số thử", "Test index"));
    }

    @Override
    public List<FeaturePermission> permissions() {
      return List.of(READ);
    }

    @Override
    public List<String> openApiFragments() {
      return List.of("vn/cantho/ioc/deploy/openapi/counter.json");
    }

    @Override
    public Set<String> liveTypes() {
      return Set.of("counter.tick", "counter.zone");
    }

    @Override
    public void start(FeatureContext context) {
      this.context.set(context);
    }

    @Override
    public void routes(FeatureRoutes routes) {
      routes.get(
          "/api/v1/counter/ticks",
          READ,
          request -> new JsonObject().put("ticks", ticks(context.get().database())));
      routes.post(
          "/api/v1/counter/reset",
          READ,
          request -> {
            if (!(request.body().getValue("to") instanceof Integer)) {
              throw new vn.cantho.ioc.core.api.BadRequest("to must be a whole number");
            }
            return new JsonObject();
          });
    }

    @Override
    public List<PeriodicJob> jobs(FeatureContext context) {
      return List.of(
          new PeriodicJob(
              "tick",
              Duration.ofMillis(200),
              () -> {
                try (Connection c = context.database().dataSource().getConnection();
                    Statement s = c.createStatement()) {
                  s.executeUpdate("UPDATE counter_ticks SET ticks = ticks + 1");
                }
                for (Device d : context.devices().all()) {
                  context.live().publish("counter.tick", d, new JsonObject().put("n", 1));
                }
                context.live().publishToZone("counter.zone", "31135", new JsonObject());
                return null;
              }));
    }

    @Override
    public List<HealthIndicator> health(FeatureContext context) {
      return List.of(
          new HealthIndicator() {
            @Override
            public String name() {
              return "counter";
            }

            @Override
            public io.vertx.core.Future<Health> check() {
              return io.vertx.core.Future.succeededFuture(
                  Health.up(java.util.Map.of("feature", "counter")));
            }
          });
    }
  }

  /** Waits for a live message of this type whose subject field has this value. */
  private static void awaitLive(List<JsonNode> live, String type, String subject, String id) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                live.stream()
                    .anyMatch(
                        m ->
                            m.path("type").asText().equals(type)
                                && m.path(subject).asText().equals(id)));
  }

  private static Device someDevice(IocServer node) {
    return node.registry().all().iterator().next();
  }

  private static void addUser(Database db, String name, Role role) throws SQLException {
    new UserStore(db, new PasswordHasher()).add(name, role, List.of(), PASSWORD.toCharArray());
  }

  private static ApiClient signIn(int port, String name) throws Exception {
    HttpResponse<String> r =
        new ApiClient(port)
            .post(
                "/api/v1/auth/token",
                "application/json",
                new JsonObject().put("username", name).put("password", PASSWORD).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ApiClient(port)
        .withToken(ApiClient.JSON.readTree(r.body()).path("access_token").asText());
  }

  private static void publishIndex(String broker, String deviceId, double value) throws Exception {
    MqttClient client = new MqttClient(broker, "seam-device", new MemoryPersistence());
    client.connect();
    MqttMessage m =
        new MqttMessage(
            ("{\"ts\":\""
                    + Instant.now().truncatedTo(ChronoUnit.MILLIS)
                    + "\",\"values\":{\"counter_index\":"
                    + value
                    + "}}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("cantho/v1/water/" + deviceId + "/up", m);
    client.disconnect();
    client.close();
  }

  private static long ticks(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ticks FROM counter_ticks")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> historyVersions(Database db) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT version FROM flyway_counter_history WHERE success ORDER BY installed_rank")) {
      List<String> versions = new java.util.ArrayList<>();
      while (rs.next()) {
        versions.add(rs.getString(1));
      }
      return versions;
    }
  }

  private static long countReadings(Database db, String deviceId, String metric)
      throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM readings WHERE device_id = ? AND metric = ?")) {
      ps.setString(1, deviceId);
      ps.setString(2, metric);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
