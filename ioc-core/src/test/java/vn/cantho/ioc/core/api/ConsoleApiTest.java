package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * What the web console reads of the node (ADR 0012): the metric catalog with both languages'
 * labels, and the console scripts of what is installed, both for signed-in callers only.
 */
@ExtendWith(PostgresExtension.class)
class ConsoleApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiTestServer api;
  private static String token;

  /** A feature's two permissions: one the viewer has, one he has not. */
  private static final FeaturePermission COUNT =
      new FeaturePermission("counter.read", java.util.Set.of(Role.VIEWER));

  private static final FeaturePermission RESET =
      new FeaturePermission("counter.reset", java.util.Set.of(Role.CITY_OPERATOR));

  /** Stands for a feature with a console script and routes, as a node's feature host lists them. */
  private static final ApiExtension COUNTER =
      new ApiExtension() {
        @Override
        public List<String> consoleScripts() {
          return List.of("features/counter.js");
        }

        @Override
        public void mount(io.vertx.ext.web.Router router, FeatureRoutes routes) {
          routes.get("/api/v1/counter", COUNT, r -> new JsonObject().put("count", 1));
          routes.post("/api/v1/counter/reset", RESET, r -> new JsonObject());
        }
      };

  @BeforeAll
  static void start(Database database) throws Exception {
    api =
        new ApiTestServer(
            database, Clock.systemUTC(), ApiServer.Timeouts.DEFAULT, List.of(COUNTER));
    api.users.add("console.viewer", Role.VIEWER, List.of(), "console-password".toCharArray());
    HttpResponse<String> signIn =
        api.post(
            "/api/v1/auth/token",
            null,
            new JsonObject()
                .put("username", "console.viewer")
                .put("password", "console-password")
                .encode());
    assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
    token = JSON.readTree(signIn.body()).path("access_token").asText();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theCatalogHasEveryMetricWithUnitRangeAndLabelsInBothLanguagesSorted() throws Exception {
    JsonNode items = ok("/api/v1/catalog").path("items");
    assertThat(items.size()).isGreaterThan(5);
    JsonNode dim = find(items, "lighting", "dim");
    assertThat(dim.path("unit").asText()).isEqualTo("%");
    assertThat(dim.path("min").isIntegralNumber()).isTrue();
    assertThat(dim.path("min").asInt()).isZero();
    assertThat(dim.path("max").asInt()).isEqualTo(100);
    assertThat(dim.at("/label/vi").asText()).isEqualTo("Mức sáng");
    assertThat(dim.at("/label/en").asText()).isEqualTo("Dim level");
    assertThat(find(items, "lighting", "cabinet_power").at("/label/vi").asText())
        .isEqualTo("Công suất tủ");
    assertThat(find(items, "lighting", "voltage").path("unit").asText()).isEqualTo("V");

    List<String> keys = new ArrayList<>();
    for (JsonNode m : items) {
      assertThat(m.at("/label/vi").asText()).as(m.toString()).isNotBlank();
      assertThat(m.at("/label/en").asText()).as(m.toString()).isNotBlank();
      keys.add(m.path("domain").asText() + "/" + m.path("name").asText());
    }
    assertThat(keys).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theFeaturesListTheirConsoleScripts() throws Exception {
    JsonNode items = ok("/api/v1/features").path("items");
    assertThat(items.findValuesAsText("script"))
        .contains("/features/counter.js")
        .doesNotHaveDuplicates();
    for (JsonNode f : items) {
      if (f.path("script").asText().equals("/features/counter.js")) {
        assertThat(f.path("id").asText()).isEqualTo("counter");
      }
    }
  }

  /** The console offers only what will work: the permissions of the caller's role. */
  @Test
  void theFeaturesSayWhatTheCallerMayDo() throws Exception {
    List<String> may = new ArrayList<>();
    ok("/api/v1/features").path("may").forEach(p -> may.add(p.asText()));
    assertThat(may)
        .contains("read_map", "counter.read")
        .doesNotContain("counter.reset", "acknowledge_alerts", "manage_users")
        .isSorted();
  }

  @Test
  void bothNeedASignedInCaller() throws Exception {
    for (String path : List.of("/api/v1/catalog", "/api/v1/features")) {
      assertThat(api.get(path, null).statusCode()).as(path).isEqualTo(401);
      assertThat(api.get(path, "not-a-token").statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void aScriptIsAPathOfThisServerListedOnce() {
    JsonObject listed =
        ConsoleHandler.featuresJson(
            List.of("features/water.js", "/features/water.js", "/features/traffic.js"));
    assertThat(listed.encode())
        .isEqualTo(
            "{\"items\":[{\"id\":\"water\",\"script\":\"/features/water.js\"},"
                + "{\"id\":\"traffic\",\"script\":\"/features/traffic.js\"}]}");
    assertThatThrownBy(() -> ConsoleHandler.featuresJson(List.of("//elsewhere.example/x.js")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConsoleHandler.featuresJson(List.of("features/water.css")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode find(JsonNode items, String domain, String name) {
    for (JsonNode m : items) {
      if (m.path("domain").asText().equals(domain) && m.path("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no " + domain + "/" + name + " in " + items);
  }

  private static JsonNode ok(String path) throws Exception {
    HttpResponse<String> got = api.get(path, token);
    assertThat(got.statusCode()).as(path + ": " + got.body()).isEqualTo(200);
    return JSON.readTree(got.body());
  }
}
