package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.water.farm.FarmStore;

/**
 * What an independent probe found at the edges of the scope rules and of input checking: a pond
 * must not show probes its viewer may not see, re-registering must not hand a farm to another
 * owner, a farmer's scope is his ponds whatever zones he has, the acknowledge link needs the
 * acknowledge permission, and hostile input is a 400 with a reason that stores nothing.
 */
@ExtendWith(TestStack.class)
class ScopeAndInputProbeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String WARD = DemoUsers.NINH_KIEU_WARD;

  private static DemoStack stack;
  private static ApiClient city;
  private static ApiClient admin;
  private static FarmStore farms;

  @BeforeAll
  static void start(DemoStack started) {
    stack = started;
    city = TestAccess.api(stack, Role.CITY_OPERATOR);
    admin = TestAccess.api(stack, Role.ADMIN);
    farms = new FarmStore(stack.server().database());
  }

  @Test
  void aPondInHisWardShowsTheOperatorNoProbeOfAnotherZone() throws Exception {
    Device outside = device("sc-wq-1");
    assertThat(outside.zoneId()).isNotNull().isNotEqualTo(WARD);
    TestAccess.createUser(stack, "scope-farmer-nk", Role.FARMER, List.of());
    Device nk = device("nk-wq-1");
    HttpResponse<String> put =
        put(
            city,
            "/api/v1/ponds/sc-pond-nk",
            pond("sc-farm-nk", "scope-farmer-nk", nk.lon(), nk.lat(), outside.id()));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(json(put).path("zoneId").asText()).isEqualTo(WARD);

    ApiClient operator = TestAccess.api(stack, Role.COMMUNE_OPERATOR);
    assertThat(operator.send("/api/v1/devices/" + outside.id()).statusCode()).isEqualTo(404);
    JsonNode pond = operator.get("/api/v1/ponds/sc-pond-nk");
    assertThat(pond.path("probes").findValuesAsText("id")).isEmpty();
    assertThat(pond.path("openAlerts").size()).isZero();
    for (JsonNode p : operator.get("/api/v1/ponds").path("items")) {
      assertThat(p.path("probes").findValuesAsText("id")).doesNotContain(outside.id());
    }
    assertThat(city.get("/api/v1/ponds/sc-pond-nk").path("probes").findValuesAsText("id"))
        .as("the city still sees the probe")
        .containsExactly(outside.id());
  }

  @Test
  void reRegisteringNeverHandsAFarmPondOrProbeToAnotherOwner() throws Exception {
    TestAccess.createUser(stack, "scope-farmer-a", Role.FARMER, List.of());
    TestAccess.Account b = TestAccess.createUser(stack, "scope-farmer-b", Role.FARMER, List.of());
    Device a2 = device("sc-wq-2");
    Device b3 = device("sc-wq-3");
    assertThat(
            put(
                    city,
                    "/api/v1/ponds/sc-pond-a",
                    pond("sc-farm-a", "scope-farmer-a", a2.lon(), a2.lat(), a2.id()))
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> takeFarm =
        put(
            city,
            "/api/v1/ponds/sc-pond-b",
            pond("sc-farm-a", "scope-farmer-b", b3.lon(), b3.lat(), b3.id()));
    assertThat(takeFarm.statusCode()).as(takeFarm.body()).isEqualTo(409);
    assertThat(json(takeFarm).path("message").asText()).contains("sc-farm-a", "scope-farmer-a");
    HttpResponse<String> takePond =
        put(
            city,
            "/api/v1/ponds/sc-pond-a",
            pond("sc-farm-b", "scope-farmer-b", a2.lon(), a2.lat(), a2.id()));
    assertThat(takePond.statusCode()).as(takePond.body()).isEqualTo(409);
    HttpResponse<String> takeProbe =
        put(
            city,
            "/api/v1/ponds/sc-pond-b",
            pond("sc-farm-b", "scope-farmer-b", b3.lon(), b3.lat(), a2.id()));
    assertThat(takeProbe.statusCode()).as(takeProbe.body()).isEqualTo(409);

    assertThat(farms.pond("sc-pond-a").orElseThrow().owner()).isEqualTo("scope-farmer-a");
    assertThat(farms.pond("sc-pond-a").orElseThrow().probes()).containsExactly(a2.id());
    assertThat(farms.pond("sc-pond-b")).isEmpty();
    assertThat(device(a2.id()).owner()).isEqualTo("scope-farmer-a");
    assertThat(device(b3.id()).owner()).isNull();
    ApiClient farmerB = TestAccess.signIn(stack, b);
    assertThat(farmerB.get("/api/v1/ponds").path("items").findValuesAsText("id")).isEmpty();
    assertThat(farmerB.send("/api/v1/devices/" + a2.id()).statusCode()).isEqualTo(404);

    HttpResponse<String> nobody =
        put(
            city,
            "/api/v1/ponds/sc-pond-x",
            pond("sc-farm-x", "no-such-farmer", b3.lon(), b3.lat(), b3.id()));
    assertThat(nobody.statusCode()).as(nobody.body()).isEqualTo(400);
    assertThat(json(nobody).path("message").asText()).contains("no-such-farmer");
    assertThat(farms.pond("sc-pond-x")).isEmpty();
    assertThat(device(b3.id()).owner()).isNull();
  }

  @Test
  void aFarmerWithZonesSeesOnlyHisOwnAlertsAndZones() throws Exception {
    Alert other = raise(device("nk-wq-1"), 0);
    ApiClient zoned =
        TestAccess.signIn(
            stack, TestAccess.createUser(stack, "scope-farmer-zoned", Role.FARMER, List.of(WARD)));
    assertThat(zoned.get("/api/v1/alerts").path("items").findValuesAsText("id"))
        .doesNotContain(String.valueOf(other.id()));
    assertThat(zoned.get("/api/v1/alerts?zone=" + WARD).path("items").size()).isZero();
    assertThat(zoned.get("/api/v1/zones").path("features").size())
        .as("he owns no device, so he has no zone")
        .isZero();
    assertThat(
            TestAccess.api(stack, Role.COMMUNE_OPERATOR)
                .get("/api/v1/alerts")
                .path("items")
                .findValuesAsText("id"))
        .as("the ward's operator does see it")
        .contains(String.valueOf(other.id()));
  }

  @Test
  void theAcknowledgeLinkNeedsTheAcknowledgePermission() throws Exception {
    Alert alert = raise(device("nk-wq-1"), 1);
    TestAccess.Account viewer =
        TestAccess.createUser(stack, "scope-viewer", Role.VIEWER, List.of());
    assertThat(
            TestAccess.signIn(stack, viewer)
                .post("/api/v1/alerts/" + alert.id() + "/acknowledge", "application/json", "")
                .statusCode())
        .isEqualTo(403);
    AckLinks links =
        new AckLinks(
            SigningSecret.loadOrCreate(stack.data().resolve("jwt-secret")),
            "http://127.0.0.1:" + stack.httpPort(),
            Clock.systemUTC());
    URI link = URI.create(links.url(alert.id(), viewer.username()));

    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(link).GET().build(), ofString());
    assertThat(page.body()).doesNotContain("<form");
    HttpResponse<String> pressed =
        HTTP.send(
            HttpRequest.newBuilder(link).POST(HttpRequest.BodyPublishers.noBody()).build(),
            ofString());
    assertThat(pressed.statusCode()).isEqualTo(403);
    assertThat(new AlertStore(stack.server().database()).find(alert.id()).orElseThrow().state())
        .isEqualTo(Alert.State.RAISED);
  }

  @Test
  void hostileInputIsA400WithAReasonAndStoresNothing() throws Exception {
    ApiClient farmer = TestAccess.api(stack, Role.FARMER);
    String water = TestStack.PANGASIUS_PROBE.id();
    for (String route :
        List.of(
            "/api/v1/devices/" + water + "/readings?from=",
            "/api/v1/devices/" + water + "/wqi?from=",
            "/api/v1/alerts?from=")) {
      for (String time : List.of("-5000-01-01T00:00:00Z", "%2B10000-01-01T00:00:00Z")) {
        assertBadRequest(admin.send(route + time), route + time);
      }
    }
    assertBadRequest(admin.send("/api/v1/alerts?to=0001-01-01T00:00:00Z"), "alerts to year 1");

    Device probe = device("sc-wq-3");
    String good = pond("sc-farm-bad", "scope-farmer-bad", probe.lon(), probe.lat(), probe.id());
    TestAccess.createUser(stack, "scope-farmer-bad", Role.FARMER, List.of());
    assertBadRequest(put(city, "/api/v1/ponds/%00", good), "pond id NUL");
    assertBadRequest(city.send("/api/v1/ponds/%00"), "GET pond id NUL");
    assertBadRequest(put(city, "/api/v1/ponds/sc-bad%01x", good), "pond id control character");
    for (String bad :
        List.of(
            good.replaceFirst("\"farm\":\\{[^}]*}", "\"farm\":\"f\""),
            good.replaceFirst("\"polygon\":\\{[^}]*}", "\"polygon\":\"x\""),
            good.replace("\"probes\":[\"sc-wq-3\"]", "\"probes\":\"sc-wq-3\""),
            good.replace("\"probes\":[\"sc-wq-3\"]", "\"probes\":[\"sc-wq-3\",7]"),
            good.replace("\"areaM2\":2500", "\"areaM2\":\"big\""),
            good.replace("\"name\":\"Ao thử\"", "\"name\":\"Ao\\u0000\""),
            good.replace("scope-farmer-bad", "scope-farmer-bad\\u0000"))) {
      assertThat(bad).isNotEqualTo(good);
      assertBadRequest(put(city, "/api/v1/ponds/sc-bad", bad), bad);
    }
    assertThat(farms.pond("sc-bad")).isEmpty();
    assertThat(device(probe.id()).owner()).isNull();

    HttpRequest.Builder delete = admin.request("/api/v1/users/a%00b").DELETE();
    assertBadRequest(admin.send(delete), "DELETE user NUL");
    assertBadRequest(
        admin.post(
            "/api/v1/users",
            "application/json",
            "{\"username\":\"scope-nul\\u0000\",\"role\":\"viewer\"}"),
        "user name NUL");
    assertBadRequest(
        admin.post(
            "/api/v1/users",
            "application/json",
            "{\"username\":\"scope-typed\",\"role\":\"viewer\",\"zones\":\"31135\"}"),
        "zones as a string");
    UserStore users = new UserStore(stack.server().database(), new PasswordHasher());
    assertThat(users.list()).extracting(u -> u.username()).noneMatch(n -> n.startsWith("scope-n"));
    assertThat(users.find("scope-typed")).isEmpty();

    assertBadRequest(
        admin.post(
            "/api/v1/gateways/gw%00x/credentials", "application/json", "{\"allDevices\":true}"),
        "gateway name NUL");
    assertBadRequest(
        admin.post(
            "/api/v1/gateways/scope-gw/credentials", "application/json", "{\"devices\":\"x\"}"),
        "devices as a string");
    assertThat(stack.credentials().grant("scope-gw")).isEmpty();
    assertThat(stack.credentials().grant("gwx")).isEmpty();

    SubscriptionStore subscriptions = new SubscriptionStore(stack.server().database());
    int before = subscriptions.of(DemoUsers.FARMER).size();
    assertBadRequest(
        farmer.post(
            "/api/v1/subscriptions",
            "application/json",
            "{\"pond\":\"ao\\u0000\",\"channel\":\"sms\",\"address\":\"0912345678\"}"),
        "subscription pond NUL");
    assertThat(subscriptions.of(DemoUsers.FARMER)).hasSize(before);

    String rule =
        "{\"metric\":\"do\",\"direction\":\"below\",\"watch\":4,\"warning\":3,\"critical\":2,"
            + "\"hysteresis\":0.5,\"source\":%s}";
    assertBadRequest(
        put(city, "/api/v1/devices/" + probe.id() + "/rules", rule.formatted("\"x\\u0000\"")),
        "rule source NUL");
    assertBadRequest(
        put(city, "/api/v1/devices/" + probe.id() + "/rules", rule.formatted("7")),
        "rule source as a number");
    assertThat(overridesOf(probe.id())).isZero();
    assertThat(admin.get("/api/v1/health").path("status").asText()).isEqualTo("up");
  }

  private static void assertBadRequest(HttpResponse<String> r, String what) throws Exception {
    assertThat(r.statusCode()).as(what + " -> " + r.body()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).as(what).isNotBlank();
  }

  private static String pond(String farm, String owner, double lon, double lat, String probe) {
    double w = lon - 0.0003;
    double e = lon + 0.0003;
    double s = lat - 0.0003;
    double n = lat + 0.0003;
    String polygon =
        "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
            .formatted(w, s, e, s, e, n, w, n, w, s);
    return ("{\"farm\":{\"id\":\"%s\",\"name\":\"Trại thử\",\"owner\":\"%s\"},"
            + "\"name\":\"Ao thử\",\"profile\":\"pangasius_pond\",\"areaM2\":2500,"
            + "\"polygon\":%s,\"probes\":[\"%s\"]}")
        .formatted(farm, owner, polygon, probe);
  }

  /** An open alert on the device, raised straight in the store under the n-th rule. */
  private static Alert raise(Device d, int n) throws Exception {
    long ruleId;
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM alert_rules ORDER BY id OFFSET ? LIMIT 1")) {
      ps.setInt(1, n);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        ruleId = rs.getLong(1);
      }
    }
    return new AlertStore(stack.server().database())
        .raise(
            new RuleKey("water", String.valueOf(ruleId)),
            d.id(),
            d.zoneId(),
            "do",
            Severity.WARNING,
            1.5,
            Instant.now());
  }

  private static int overridesOf(String deviceId) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM alert_rules WHERE device_id = ?")) {
      ps.setString(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Device device(String id) {
    return stack.server().registry().find(id).orElseThrow();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return ApiClient.JSON.readTree(r.body());
  }

  private static HttpResponse<String> put(ApiClient client, String path, String body)
      throws Exception {
    return client.send(
        client
            .request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }
}
