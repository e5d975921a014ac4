package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * Subscriptions are the kernel's (ADR 0012): on a node with no feature at all, a member of staff
 * subscribes to every alert his role and area let him hear of, and a subject no feature shows him
 * is refused as if it did not exist.
 */
@ExtendWith(PostgresExtension.class)
class SubscriptionsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiTestServer api;
  private static String token;

  @BeforeAll
  static void start(Database database) throws Exception {
    api = new ApiTestServer(database, Clock.systemUTC(), ApiServer.Timeouts.DEFAULT);
    token =
        api.token(
            api.users.add(
                "sub.operator", Role.CITY_OPERATOR, List.of(), "sub-password-1".toCharArray()));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void staffSubscribeToEverythingTheyMayHearOfWithoutAnyFeature() throws Exception {
    HttpResponse<String> added =
        api.post(
            "/api/v1/subscriptions",
            token,
            new JsonObject()
                .put("channel", "email")
                .put("address", "truc.ban@cantho.gov.vn")
                .put("minSeverity", "warning")
                .encode());
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    JsonNode listed = JSON.readTree(api.get("/api/v1/subscriptions", token).body());
    assertThat(listed.path("items").findValuesAsText("address"))
        .containsExactly("truc.ban@cantho.gov.vn");
    assertThat(listed.path("items").get(0).path("pond").isNull()).isTrue();
  }

  @Test
  void aSubjectNoFeatureShowsIsRefusedAsUnknown() throws Exception {
    HttpResponse<String> refused =
        api.post(
            "/api/v1/subscriptions",
            token,
            new JsonObject()
                .put("pond", "ao-khong-co")
                .put("channel", "sms")
                .put("address", "0913000009")
                .encode());
    assertThat(refused.statusCode()).isEqualTo(404);
  }

  @Test
  void nobodyUnsignedMaySubscribe() throws Exception {
    assertThat(api.get("/api/v1/subscriptions", null).statusCode()).isEqualTo(401);
  }
}
