package vn.cantho.ioc.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The push to a platform's webhook, end to end: a real local HTTP server receives what the real
 * client posts, the test checks the signature with javax.crypto on its own, a 500 is retried, and a
 * platform that keeps failing ends failed after the last attempt (3 in these settings, with no
 * back-off so each {@code pushNow} is one attempt).
 */
@ExtendWith(PostgresExtension.class)
class WebhookPushTest {
  private static final String P = "hook";

  /** What the platform received: headers and body. */
  record Received(Map<String, String> headers, String body) {}

  private static FeatureTestKit kit;
  private static SharingFeature sharing;
  private static HttpServer platform;
  private static final ConcurrentLinkedQueue<Received> flaky = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger flakyCalls = new AtomicInteger();
  private static final AtomicInteger brokenCalls = new AtomicInteger();
  private static String admin;
  private static List<Device> devices;

  @BeforeAll
  static void start(Database db) throws Exception {
    platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // First call 500, then 200: the retry must land.
    platform.createContext(
        "/flaky",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          int status = flakyCalls.incrementAndGet() == 1 ? 500 : 200;
          if (status == 200) {
            flaky.add(
                new Received(
                    Map.of(
                        "sig", ex.getRequestHeaders().getFirst("X-IOC-Signature"),
                        "event", ex.getRequestHeaders().getFirst("X-IOC-Event")),
                    new String(body, StandardCharsets.UTF_8)));
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    platform.createContext(
        "/broken",
        ex -> {
          ex.getRequestBody().readAllBytes();
          brokenCalls.incrementAndGet();
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    platform.start();
    devices = SharingFixture.devices(P);
    sharing = new SharingFeature(SharingFixture.settings(1000));
    kit =
        new FeatureTestKit(
            db, List.of(sharing), devices, SharingFixture.zones(), Clock.systemUTC());
    admin = kit.token(P + "-admin", Role.ADMIN, List.of());
  }

  @AfterAll
  static void stop() {
    kit.close();
    platform.stop(0);
  }

  @Test
  void anAlertReachesThePlatformSignedRetriedAfterA500AndMarkedDelivered() throws Exception {
    JsonObject hook = register("/flaky");
    String secret = hook.getString("secret");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
    long alert = raise("flaky");

    sharing.pushNow(); // 500
    sharing.pushNow(); // 200
    assertThat(flakyCalls.get()).isEqualTo(2);
    Received got =
        flaky.stream()
            .filter(r -> r.body().contains("\"alertId\":" + alert))
            .findFirst()
            .orElseThrow();
    JsonObject event = new JsonObject(got.body());
    assertThat(event.getString("type")).isEqualTo("alert.raised");
    assertThat(event.getString("dataset")).isEqualTo("alerts");
    assertThat(got.headers().get("event")).isEqualTo(event.getLong("id").toString());

    String[] parts = got.headers().get("sig").split(",");
    assertThat(parts[0]).startsWith("t=");
    assertThat(parts[1]).startsWith("v1=");
    String t = parts[0].substring(2);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal((t + "." + got.body()).getBytes(StandardCharsets.UTF_8)));
    assertThat(parts[1].substring(3)).isEqualTo(expected);

    JsonObject delivery = onlyDelivery(hook.getLong("id"));
    assertThat(delivery.getString("state")).isEqualTo("delivered");
    assertThat(delivery.getInteger("attempts")).isEqualTo(2);
    assertThat(kit.auditedActions(P + "-admin")).contains("sharing.webhook.add");
    // The secret is shown once: never in the list.
    assertThat(kit.get("/api/v1/sharing/webhooks", admin).body()).doesNotContain(secret);
  }

  @Test
  void aPlatformThatKeepsFailingEndsFailedAfterTheLastAttempt() throws Exception {
    JsonObject hook = register("/broken");
    raise("broken");
    for (int i = 0; i < 3; i++) {
      sharing.pushNow();
    }
    JsonObject delivery = onlyDelivery(hook.getLong("id"));
    assertThat(delivery.getString("state")).isEqualTo("failed");
    assertThat(delivery.getInteger("attempts")).isEqualTo(3);
    assertThat(delivery.getString("lastDetail"))
        .contains("gave up after 3 attempts")
        .contains("503");
    int calls = brokenCalls.get();
    sharing.pushNow();
    assertThat(brokenCalls.get()).as("nothing more is sent").isEqualTo(calls);
  }

  @Test
  void onlyTheAdminManagesWebhooks() throws Exception {
    String operator = kit.token(P + "-city", Role.CITY_OPERATOR, List.of());
    assertThat(kit.get("/api/v1/sharing/webhooks", operator).statusCode()).isEqualTo(403);
    assertThat(
            kit.post(
                    "/api/v1/sharing/webhooks",
                    admin,
                    "{\"url\":\"ftp://x\",\"datasets\":[\"alerts\"]}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            kit.post(
                    "/api/v1/sharing/webhooks",
                    admin,
                    "{\"url\":\"http://127.0.0.1/x\",\"datasets\":[\"devices\"]}")
                .statusCode())
        .as("devices have no change log")
        .isEqualTo(400);
  }

  private static JsonObject register(String path) throws Exception {
    // Only the devices of this test: alerts of other classes sharing the database stay out.
    HttpResponse<String> got =
        kit.post(
            "/api/v1/sharing/webhooks",
            admin,
            new JsonObject()
                .put("url", "http://127.0.0.1:" + platform.getAddress().getPort() + path)
                .put("datasets", List.of("alerts"))
                .put("zones", List.of("hook-zone-" + path.substring(1)))
                .encode());
    assertThat(got.statusCode()).as(got.body()).isEqualTo(201);
    // Everything recorded so far is before this webhook: it hears only what follows.
    sharing.pushNow();
    return new JsonObject(got.body());
  }

  /** An alert on this test's device, in the zone only the matching webhook hears. */
  private static long raise(String which) throws Exception {
    Device d = devices.get(0);
    return kit.alerts()
        .raise(
            new RuleKey("test", P + "-" + which),
            d.id(),
            "hook-zone-" + which,
            "speed",
            Severity.CRITICAL,
            9,
            SharingFixture.T0)
        .id();
  }

  private static JsonObject onlyDelivery(long hook) throws Exception {
    HttpResponse<String> got = kit.get("/api/v1/sharing/webhooks/" + hook + "/deliveries", admin);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    var items = new JsonObject(got.body()).getJsonArray("items");
    assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }
}
