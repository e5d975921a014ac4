package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.cantho.ioc.core.auth.LocalTokens;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.auth.User;

/**
 * Every route family against every role and every kind of bad token, through the real server. The
 * table below is the access policy; docs/security.md shows the same matrix.
 */
@ExtendWith(TestStack.class)
class AccessMatrixTest {
  /** A device in Ninh Kiều ward: the commune operator's; not the farmer's. */
  private static final String NK_DEVICE = "nk-wq-1";

  private static DemoStack stack;

  @BeforeAll
  static void start(DemoStack started) {
    stack = started;
  }

  /** A route family: how to call it and what each role gets. */
  record Family(String name, String method, String path, Map<Role, Integer> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Family> families() {
    List<Family> all = new ArrayList<>();
    all.add(family("devices", "GET", "/api/v1/devices", 200, 200, 200, 200, 200, 200, 200));
    all.add(
        family("device", "GET", "/api/v1/devices/" + NK_DEVICE, 200, 200, 200, 200, 200, 404, 200));
    all.add(
        family(
            "readings",
            "GET",
            "/api/v1/devices/" + NK_DEVICE + "/readings",
            200,
            200,
            200,
            200,
            200,
            404,
            200));
    all.add(family("zones", "GET", "/api/v1/zones", 200, 200, 200, 200, 200, 200, 200));
    all.add(family("alerts", "GET", "/api/v1/alerts", 200, 200, 200, 200, 200, 200, 200));
    // The leaders' indicators: every role that reads the map, but a farmer (issue 18).
    all.add(family("kpi", "GET", "/api/v1/kpi", 200, 200, 200, 200, 200, 403, 200));
    // The leaders' daily PDF: the same roles (a commune operator's covers his zones).
    all.add(
        family(
            "daily report",
            "GET",
            "/api/v1/reports/daily?date=2026-12-06",
            200,
            200,
            200,
            200,
            200,
            403,
            200));
    all.add(
        family(
            "rules",
            "GET",
            "/api/v1/rules?profile=pangasius_pond",
            200,
            200,
            200,
            200,
            200,
            200,
            200));
    all.add(
        family(
            "acknowledge",
            "POST",
            "/api/v1/alerts/999999999/acknowledge",
            404,
            404,
            404,
            403,
            403,
            404,
            403));
    all.add(family("quarantine", "GET", "/api/v1/quarantine", 200, 200, 403, 403, 200, 403, 403));
    // The flood feature: stations in scope for every reader; commands need flood.control (a
    // station nobody can see is 404 to those who hold it), settings flood.stations.manage.
    all.add(
        family(
            "flood stations", "GET", "/api/v1/flood/stations", 200, 200, 200, 200, 200, 200, 200));
    all.add(
        family(
            "flood commands",
            "POST",
            "/api/v1/flood/stations/no-such-station/commands",
            404,
            404,
            404,
            403,
            404,
            403,
            403));
    all.add(
        family(
            "flood station settings",
            "PUT",
            "/api/v1/flood/stations/no-such-station",
            400,
            400,
            403,
            403,
            403,
            403,
            403));
    // Sharing (issue 18): exports for every map reader within his scope (incidents are not a
    // farmer's), the pull feed for all but a farmer, webhooks the admin's alone.
    all.add(family("export", "GET", "/api/v1/export/devices", 200, 200, 200, 200, 200, 200, 200));
    all.add(
        family(
            "export incidents",
            "GET",
            "/api/v1/export/incidents?format=csv",
            200,
            200,
            200,
            200,
            200,
            403,
            200));
    all.add(
        family("sharing feed", "GET", "/api/v1/sharing/feed", 200, 200, 200, 200, 200, 403, 200));
    all.add(
        family(
            "sharing webhooks",
            "GET",
            "/api/v1/sharing/webhooks",
            200,
            403,
            403,
            403,
            403,
            403,
            403));
    all.add(family("audit", "GET", "/api/v1/audit", 200, 403, 403, 403, 403, 403, 403));
    all.add(family("users", "GET", "/api/v1/users", 200, 403, 403, 403, 403, 403, 403));
    all.add(family("metrics", "GET", "/metrics", 200, 403, 403, 403, 403, 403, 403));
    all.add(
        family(
            "credentials",
            "POST",
            "/api/v1/devices/" + NK_DEVICE + "/credentials",
            201,
            403,
            403,
            403,
            201,
            403,
            403));
    return all;
  }

  /** Expected status per role, in the order of {@link Role#values()}. */
  private static Family family(String name, String method, String path, int... perRole) {
    Map<Role, Integer> expected = new EnumMap<>(Role.class);
    for (Role r : Role.values()) {
      expected.put(r, perRole[r.ordinal()]);
    }
    return new Family(name, method, path, expected);
  }

  static Stream<Arguments> familyAndRole() {
    return families().stream().flatMap(f -> Stream.of(Role.values()).map(r -> Arguments.of(f, r)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("familyAndRole")
  void eachRoleGetsWhatThePolicySays(Family family, Role role) throws Exception {
    HttpResponse<String> response = call(TestAccess.api(stack, role), family);
    assertThat(response.statusCode())
        .as(family.name() + " as " + role.code() + ": " + response.body())
        .isEqualTo(family.expected().get(role));
    if (response.statusCode() >= 400) {
      assertThat(response.body()).contains("\"error\"").contains("\"message\"");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void badTokensGet401(Family family) throws Exception {
    ApiClient anonymous = new ApiClient(stack.httpPort());
    assertThat(call(anonymous, family).statusCode()).as("no token").isEqualTo(401);
    assertThat(call(anonymous.withToken("not-a-jwt"), family).statusCode())
        .as("garbage")
        .isEqualTo(401);
    User admin =
        new User(
            TestAccess.username(Role.ADMIN),
            Role.ADMIN,
            List.of(),
            java.time.Instant.now(),
            false,
            java.util.UUID.randomUUID().toString(),
            0);
    String expired =
        new LocalTokens(
                secret(),
                Duration.ofMinutes(15),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))
            .issue(admin);
    assertThat(call(anonymous.withToken(expired), family).statusCode())
        .as("expired")
        .isEqualTo(401);
    String forged =
        new LocalTokens(
                SigningSecret.loadOrCreate(TestDirs.create("ioc-forge").resolve("key")),
                Duration.ofMinutes(15),
                Clock.systemUTC())
            .issue(admin);
    assertThat(call(anonymous.withToken(forged), family).statusCode())
        .as("forged signature")
        .isEqualTo(401);
  }

  @Test
  void aDeletedUsersTokenStopsWorkingAtOnce() throws Exception {
    TestAccess.Account doomed =
        TestAccess.createUser(stack, "test-doomed", Role.CITY_OPERATOR, List.of());
    ApiClient client = TestAccess.signIn(stack, doomed);
    assertThat(client.send("/api/v1/devices").statusCode()).isEqualTo(200);

    HttpResponse<String> deleted =
        TestAccess.api(stack, Role.ADMIN)
            .send(TestAccess.api(stack, Role.ADMIN).request("/api/v1/users/test-doomed").DELETE());
    assertThat(deleted.statusCode()).isEqualTo(204);

    for (Family family : families()) {
      assertThat(call(client, family).statusCode()).as(family.name()).isEqualTo(401);
    }
    assertThat(
            TestAccess.api(stack, Role.ADMIN)
                .get("/api/v1/audit?action=user.delete")
                .path("items")
                .findValuesAsText("target"))
        .contains("test-doomed");
  }

  @Test
  void healthTheApiDescriptionAndTheConsoleStayOpen() throws Exception {
    ApiClient anonymous = new ApiClient(stack.httpPort());
    assertThat(anonymous.send("/api/v1/health").statusCode()).isEqualTo(200);
    assertThat(anonymous.send("/api/v1/openapi.json").statusCode()).isEqualTo(200);
    HttpResponse<String> index = anonymous.send("/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(index.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(index.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void theLiveFeedRefusesBadTokensAndAcceptsEveryRole() throws Exception {
    for (Role role : Role.values()) {
      TestAccess.api(stack, role).live(m -> {}).abort();
    }
    for (String token : List.of("", "not-a-jwt")) {
      var attempt = new ApiClient(stack.httpPort()).withToken(token).liveAsync(m -> {});
      assertThat(attempt)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableThat()
          .havingRootCause()
          .withMessageContaining("401");
    }
  }

  private static HttpResponse<String> call(ApiClient client, Family family) throws Exception {
    HttpRequest.Builder request = client.request(family.path());
    if (family.method().equals("POST")) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else if (family.method().equals("PUT")) {
      request
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{}"));
    }
    return client.send(request);
  }

  private static SigningSecret secret() throws Exception {
    return SigningSecret.loadOrCreate(stack.data().resolve("jwt-secret"));
  }
}
