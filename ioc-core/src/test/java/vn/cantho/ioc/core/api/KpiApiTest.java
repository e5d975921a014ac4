package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.kpi.KpiApi;
import vn.cantho.ioc.core.kpi.KpiStore;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/** {@code GET /api/v1/kpi}: the indicators' series within the caller's scope (issue 18). */
@ExtendWith(PostgresExtension.class)
class KpiApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2031-04-01T08:00:00Z");
  private static KpiStore store;
  private static ApiTestServer api;

  @BeforeAll
  static void start(Database db) throws Exception {
    store = new KpiStore(db);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    api =
        new ApiTestServer(db, clock, ApiServer.Timeouts.DEFAULT, List.of(new KpiApi(store, clock)));
    api.users.add("kpi.city", Role.CITY_OPERATOR, List.of(), "kpi-city-pw".toCharArray());
    api.users.add(
        "kpi.ward", Role.COMMUNE_OPERATOR, List.of("kpi-z1"), "kpi-ward-pw".toCharArray());
    api.users.add("kpi.farmer", Role.FARMER, List.of(), "kpi-farmer-pw".toCharArray());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void theApiServesTheSeriesInTheCallersScope() throws Exception {
    store.record(
        NOW.minusSeconds(300),
        List.of(
            new KpiValue("devices.online", "kpi-z1", 7),
            new KpiValue("devices.online", "kpi-z2", 8),
            new KpiValue("devices.online", null, 15)));
    JsonNode city = get("kpi.city", "kpi-city-pw", "/api/v1/kpi?kpi=devices.online", 200);
    assertThat(city.path("items").findValuesAsText("zoneId")).contains("kpi-z1", "kpi-z2");
    assertThat(series(city, null).path("points").get(0).path("value").asDouble()).isEqualTo(15);

    JsonNode ward = get("kpi.ward", "kpi-ward-pw", "/api/v1/kpi?kpi=devices.online", 200);
    assertThat(ward.path("items").findValuesAsText("zoneId")).containsOnly("kpi-z1");
    assertThat(series(ward, null)).as("no city series for a ward").isNull();
    JsonNode other = get("kpi.ward", "kpi-ward-pw", "/api/v1/kpi?zone=kpi-z2", 200);
    assertThat(other.path("items")).isEmpty();

    get("kpi.farmer", "kpi-farmer-pw", "/api/v1/kpi", 403);
    get("kpi.city", "kpi-city-pw", "/api/v1/kpi?from=2031-04-02T00:00:00Z", 400);
  }

  private static JsonNode series(JsonNode body, String zone) {
    for (JsonNode s : body.path("items")) {
      if (zone == null ? s.path("zoneId").isNull() : zone.equals(s.path("zoneId").asText())) {
        return s;
      }
    }
    return null;
  }

  private static JsonNode get(String user, String password, String path, int status)
      throws Exception {
    HttpResponse<String> r = api.get(path, api.token(api.users.find(user).orElseThrow()));
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}
