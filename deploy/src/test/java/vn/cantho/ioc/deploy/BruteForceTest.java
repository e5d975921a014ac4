package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.LoginGuard;
import vn.cantho.ioc.core.auth.Role;

/**
 * Twenty wrong passwords in a minute lock the account from that address, and the lock is audited.
 */
@ExtendWith(TestStack.class)
class BruteForceTest {
  @Test
  void twentyWrongPasswordsLockTheAccountFromThatAddress(DemoStack stack) throws Exception {
    TestAccess.Account victim = TestAccess.createUser(stack, "test-brute", Role.VIEWER, List.of());
    for (int i = 1; i <= LoginGuard.FAILURES; i++) {
      HttpResponse<String> wrong =
          TestAccess.signInResponse(stack, victim.username(), "wrong-" + i);
      assertThat(wrong.statusCode()).as("attempt " + i + ": " + wrong.body()).isEqualTo(401);
    }
    HttpResponse<String> locked =
        TestAccess.signInResponse(stack, victim.username(), victim.password());
    assertThat(locked.statusCode()).as("even the right password, while locked").isEqualTo(429);
    assertThat(locked.body()).contains("\"locked\"");
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();

    var audit = TestAccess.api(stack, Role.ADMIN);
    assertThat(
            audit.get("/api/v1/audit?action=login.locked").path("items").findValuesAsText("target"))
        .anyMatch(t -> t.startsWith("test-brute@"));
    assertThat(
            audit
                .get("/api/v1/audit?action=login.failed&limit=100")
                .path("items")
                .findValuesAsText("target"))
        .filteredOn("test-brute"::equals)
        .hasSizeGreaterThanOrEqualTo(LoginGuard.FAILURES);

    // Other accounts from the same address still sign in: one account's lock is not the address's.
    TestAccess.Account other = TestAccess.createUser(stack, "test-brute-2", Role.VIEWER, List.of());
    assertThat(TestAccess.signInResponse(stack, other.username(), other.password()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void signInAndRefreshAreAudited(DemoStack stack) throws Exception {
    TestAccess.Account user = TestAccess.createUser(stack, "test-refresh", Role.VIEWER, List.of());
    HttpResponse<String> signIn =
        TestAccess.signInResponse(stack, user.username(), user.password());
    assertThat(signIn.statusCode()).isEqualTo(200);
    var tokens = ApiClient.JSON.readTree(signIn.body());
    assertThat(tokens.path("expires_in").asInt()).isEqualTo(900);
    assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
    String refresh = tokens.path("refresh_token").asText();
    String body = "{\"refresh_token\":\"" + refresh + "\"}";
    ApiClient anonymous = new ApiClient(stack.httpPort());
    HttpResponse<String> renewed = anonymous.post("/api/v1/auth/refresh", "application/json", body);
    assertThat(renewed.statusCode()).isEqualTo(200);
    String next = ApiClient.JSON.readTree(renewed.body()).path("access_token").asText();
    assertThat(anonymous.withToken(next).send("/api/v1/devices").statusCode()).isEqualTo(200);
    // A refresh token is used once; presented again it is a replay, and it is audited.
    assertThat(anonymous.post("/api/v1/auth/refresh", "application/json", body).statusCode())
        .isEqualTo(401);
    var audit = TestAccess.api(stack, Role.ADMIN);
    assertThat(
            audit.get("/api/v1/audit?actor=test-refresh").path("items").findValuesAsText("action"))
        .contains("login", "token.replayed");
  }

  @Test
  void aNewPasswordEndsTheRefreshTokensIssuedBeforeIt(DemoStack stack) throws Exception {
    TestAccess.Account user = TestAccess.createUser(stack, "test-rekey", Role.VIEWER, List.of());
    String first =
        refreshTokenOf(TestAccess.signInResponse(stack, user.username(), user.password()));
    ApiClient anonymous = new ApiClient(stack.httpPort());
    HttpResponse<String> renewed = refresh(anonymous, first);
    assertThat(renewed.statusCode()).as("before the change, refreshing works").isEqualTo(200);
    String second = refreshTokenOf(renewed);

    TestAccess.createUser(stack, user.username(), Role.VIEWER, List.of()); // a new password

    assertThat(refresh(anonymous, second).statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> refresh(ApiClient client, String token) throws Exception {
    return client.post(
        "/api/v1/auth/refresh", "application/json", "{\"refresh_token\":\"" + token + "\"}");
  }

  private static String refreshTokenOf(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiClient.JSON.readTree(response.body()).path("refresh_token").asText();
  }
}
