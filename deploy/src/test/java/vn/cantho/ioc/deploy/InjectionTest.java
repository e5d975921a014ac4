package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;

/**
 * Hostile strings in every filter parameter of every route: the answer is 400 or a result within
 * the caller's scope, never a 500 and never data of another zone.
 */
@ExtendWith(TestStack.class)
class InjectionTest {
  static final List<String> HOSTILE =
      List.of(
          "' OR '1'='1",
          "1; DROP TABLE readings; --",
          "31135' OR zone_id <> '31135",
          "\" OR \"\"=\"",
          "../../etc/passwd",
          "<script>alert(1)</script>",
          "${jndi:ldap://example.invalid/a}",
          "%00",
          "\u0000",
          "-1",
          "99999999999999999999",
          "NaN",
          "1e309",
          "Phường Ninh Kiều",
          "*",
          "x".repeat(4_000));

  /** Route and its filter parameters, for the commune operator (scope checks) and the admin. */
  static final List<String> OPERATOR_ROUTES =
      List.of(
          "/api/v1/devices?domain=",
          "/api/v1/devices?zone=",
          "/api/v1/devices?bbox=",
          "/api/v1/devices?limit=",
          "/api/v1/devices?cursor=",
          "/api/v1/devices/nk-wq-1/readings?metric=",
          "/api/v1/devices/nk-wq-1/readings?from=",
          "/api/v1/devices/nk-wq-1/readings?to=",
          "/api/v1/devices/nk-wq-1/readings?step=",
          "/api/v1/devices/",
          "/api/v1/alerts?zone=",
          "/api/v1/alerts?severity=",
          "/api/v1/alerts?state=",
          "/api/v1/alerts?from=",
          "/api/v1/alerts?cursor=",
          "/api/v1/alerts/");

  static final List<String> ADMIN_ROUTES =
      List.of(
          "/api/v1/quarantine?source=",
          "/api/v1/quarantine?deviceId=",
          "/api/v1/quarantine?limit=",
          "/api/v1/quarantine?cursor=",
          "/api/v1/audit?actor=",
          "/api/v1/audit?action=",
          "/api/v1/audit?cursor=");

  @Test
  void hostileFilterValuesGive400OrScopedResults(DemoStack stack) throws Exception {
    ApiClient operator = TestAccess.api(stack, Role.COMMUNE_OPERATOR);
    ApiClient admin = TestAccess.api(stack, Role.ADMIN);
    for (String value : HOSTILE) {
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
      for (String route : OPERATOR_ROUTES) {
        HttpResponse<String> r = operator.send(route + encoded);
        assertThat(r.statusCode()).as(route + value).isIn(200, 400, 404);
        if (r.statusCode() == 200
            && (route.startsWith("/api/v1/devices?") || route.startsWith("/api/v1/alerts?"))) {
          JsonNode items = ApiClient.JSON.readTree(r.body()).path("items");
          assertThat(items.findValuesAsText("zoneId"))
              .as(route + value)
              .allSatisfy(zone -> assertThat(zone).isEqualTo(DemoUsers.NINH_KIEU_WARD));
        }
      }
      for (String route : ADMIN_ROUTES) {
        HttpResponse<String> r = admin.send(route + encoded);
        assertThat(r.statusCode()).as(route + value).isIn(200, 400);
      }
      HttpResponse<String> signIn = TestAccess.signInResponse(stack, value, value);
      assertThat(signIn.statusCode()).as("sign-in as " + value).isIn(400, 401, 429);
    }
    assertThat(admin.get("/api/v1/health").path("status").asText()).isEqualTo("up");
    assertThat(admin.get("/api/v1/devices?limit=1").path("total").asInt())
        .isEqualTo(TestStack.deviceCount());
  }
}
