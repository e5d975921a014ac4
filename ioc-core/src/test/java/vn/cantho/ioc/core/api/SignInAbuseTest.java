package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.audit.AuditEntry;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * What a caller with no or little privilege can make the IOC keep, and how long a token speaks for
 * its user: through the real API server on a real database.
 */
@ExtendWith(PostgresExtension.class)
class SignInAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MutableClock CLOCK = new MutableClock(Instant.now());
  private static Database db;
  private static ApiTestServer api;

  @BeforeAll
  static void start(Database database) throws Exception {
    db = database;
    api = new ApiTestServer(database, CLOCK, ApiServer.Timeouts.DEFAULT);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aViewersDenialsAreAuditedAtABoundedRateWithClippedPaths() throws Exception {
    String viewer = "abuse.viewer";
    String token = signIn(newUser(viewer, Role.VIEWER)).path("access_token").asText();
    String longName = "x".repeat(3_900);
    int tries = 100;
    for (int i = 0; i < tries; i++) {
      HttpResponse<String> denied =
          HTTP.send(
              HttpRequest.newBuilder(api.uri("/api/v1/users/" + longName + i))
                  .header("Authorization", "Bearer " + token)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(403);
    }
    CLOCK.advance(DenialBudget.WINDOW);
    assertThat(api.get("/api/v1/audit", token).statusCode()).isEqualTo(403);

    // The next minute's first denial is audited, with the count of those that were not.
    List<AuditEntry> dropped =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> entries(viewer, "access.denied.dropped"), e -> !e.isEmpty());
    assertThat(dropped)
        .singleElement()
        .extracting(AuditEntry::target)
        .isEqualTo((tries - DenialBudget.PER_MINUTE) + " denials not recorded");
    List<AuditEntry> denials =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> entries(viewer, "access.denied"),
                e -> e.size() >= DenialBudget.PER_MINUTE + 1);
    assertThat(denials).hasSize(DenialBudget.PER_MINUTE + 1);
    assertThat(denials)
        .allSatisfy(
            e -> assertThat(e.target()).hasSizeLessThanOrEqualTo(AuditLog.MAX_FIELD_LENGTH));
    assertThat(denials)
        .anySatisfy(e -> assertThat(e.target()).startsWith("DELETE /api/v1/users/x"));
  }

  @Test
  void aSignInNameLongerThanAnyUsersIsRefusedBeforeItIsLookedUpOrAudited() throws Exception {
    String name = "n".repeat(16_000);
    HttpResponse<String> refused =
        api.post(
            "/api/v1/auth/token",
            null,
            new JsonObject().put("username", name).put("password", "x").encode());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("longer than 64");
    assertThat(api.audit.list(CursorPaging.first(1_000), null, "login.failed").items())
        .noneMatch(e -> e.target() != null && e.target().startsWith("nnnn"));
  }

  @Test
  void aTokenDoesNotSpeakForANewUserOfTheSameName() throws Exception {
    String name = "abuse.reborn";
    JsonNode old = signIn(newUser(name, Role.VIEWER));
    String access = old.path("access_token").asText();
    assertThat(api.get("/api/v1/devices", access).statusCode()).isEqualTo(200);

    assertThat(api.users.delete(name)).isTrue();
    api.users.add(name, Role.ADMIN, List.of(), "another-password".toCharArray());

    assertThat(api.get("/api/v1/audit", access).statusCode())
        .as("the old viewer token with the new admin's rights")
        .isEqualTo(401);
    assertThat(api.get("/api/v1/devices", access).statusCode()).isEqualTo(401);
    assertThat(refresh(old.path("refresh_token").asText()).statusCode()).isEqualTo(401);
  }

  @Test
  void aNewPasswordEndsTheAccessAndRefreshTokensIssuedBeforeIt() throws Exception {
    String name = "abuse.rekeyed";
    JsonNode old = signIn(newUser(name, Role.VIEWER));
    assertThat(api.get("/api/v1/devices", old.path("access_token").asText()).statusCode())
        .isEqualTo(200);

    assertThat(api.users.setPassword(name, "a-new-password".toCharArray())).isTrue();

    assertThat(api.get("/api/v1/devices", old.path("access_token").asText()).statusCode())
        .isEqualTo(401);
    assertThat(refresh(old.path("refresh_token").asText()).statusCode()).isEqualTo(401);
    JsonNode fresh = signIn(new Account(name, "a-new-password"));
    assertThat(api.get("/api/v1/devices", fresh.path("access_token").asText()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aNewRoleEndsTheTokensIssuedBeforeIt() throws Exception {
    String name = "abuse.demoted";
    JsonNode old = signIn(newUser(name, Role.CITY_OPERATOR));
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE users SET role = ? WHERE username = ?")) {
      ps.setString(1, Role.VIEWER.code());
      ps.setString(2, name);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(api.get("/api/v1/devices", old.path("access_token").asText()).statusCode())
        .isEqualTo(401);
    assertThat(refresh(old.path("refresh_token").asText()).statusCode()).isEqualTo(401);
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private record Account(String username, String password) {}

  private static Account newUser(String name, Role role) throws Exception {
    String password = "pw-" + name;
    api.users.add(name, role, List.of(), password.toCharArray());
    return new Account(name, password);
  }

  private static JsonNode signIn(Account account) throws Exception {
    HttpResponse<String> r =
        api.post(
            "/api/v1/auth/token",
            null,
            new JsonObject()
                .put("username", account.username())
                .put("password", account.password())
                .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> refresh(String token) throws Exception {
    return api.post(
        "/api/v1/auth/refresh", null, new JsonObject().put("refresh_token", token).encode());
  }

  private static List<AuditEntry> entries(String actor, String action) throws Exception {
    return api.audit.list(CursorPaging.first(1_000), actor, action).items();
  }
}
