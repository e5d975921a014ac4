package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.SubscriptionScopes;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * {@code GET /api/v1/map} through the real API server: clusters at city zoom that account for every
 * visible device, single devices where a cell holds one, at street zoom and for a small scope, a
 * summary of the whole scope with the statuses the live feed judged, and clear 400s.
 */
@ExtendWith(PostgresExtension.class)
class MapApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A lit district: 40 × 25 lamps 0.0005° apart (about 55 m), zone 31135. */
  private static final int LAMPS = 1_000;

  /** A ward with 50 traffic detectors in a row, zone 31120, and one water probe far from all. */
  private static final int DETECTORS = 50;

  /** The farmer's own probe, outside the views of the city tests. */
  private static final int EVERY_DEVICE = LAMPS + DETECTORS + 2;

  private static final String CITY = "103.0,8.0,108.0,12.0";
  private static ApiTestServer api;
  private static String cityToken;
  private static String communeToken;
  private static String farmerToken;
  private static Set<String> online;

  @BeforeAll
  static void start(Database database) throws Exception {
    DeviceRegistry registry = new DeviceRegistry();
    for (int i = 0; i < LAMPS; i++) {
      int row = i / 40;
      registry.put(
          new Device(
              String.format("sl-%04d", i),
              Domain.LIGHTING,
              "streetlight",
              "Đèn " + i,
              105.76 + (i % 40) * 0.0005,
              10.02 + row * 0.0005,
              "31135",
              60));
    }
    for (int i = 0; i < DETECTORS; i++) {
      registry.put(
          new Device(
              String.format("tf-%03d", i),
              Domain.of("traffic"),
              "detector",
              "Trạm " + i,
              105.60 + i * 0.001,
              10.10,
              "31120",
              60));
    }
    registry.put(
        new Device("wq-lone", Domain.of("water"), "probe", "Ao lẻ", 105.30, 9.80, "31120", 60));
    registry.put(
        new Device(
            "wq-farm",
            Domain.of("water"),
            "probe",
            "Ao nhà",
            105.10,
            9.60,
            "31261",
            60,
            "map.farmer"));
    Clock clock = Clock.systemUTC();
    var secret = ApiTestServer.freshSecret();
    api =
        new ApiTestServer(
            io.vertx.core.Vertx.vertx(),
            database,
            clock,
            secret,
            new ApiTestServer.Node(
                registry,
                MetricCatalog.defaults(),
                new ZoneIndex(List.of()),
                new AlertStore(database),
                new AckLinks(secret, "http://127.0.0.1", clock),
                SubscriptionScopes.NONE,
                List.of(),
                List.of()),
            ApiServer.Timeouts.DEFAULT);
    // A lamp in three and every detector reported just now; nothing else ever did.
    online = new HashSet<>();
    Instant now = Instant.now();
    for (Device d : registry.all()) {
      boolean reported =
          d.domain().code().equals("traffic")
              || (d.id().startsWith("sl-") && Integer.parseInt(d.id().substring(3)) % 3 == 0);
      if (reported) {
        api.latest.apply(new Reading(d.id(), "power", now, 1, Quality.GOOD, "test"));
        online.add(d.id());
      }
    }
    api.startLiveFeed();
    api.users.add("map.city", Role.CITY_OPERATOR, List.of(), "pw-map-city".toCharArray());
    api.users.add("map.commune", Role.COMMUNE_OPERATOR, List.of("31120"), "pw-map-c".toCharArray());
    api.users.add("map.farmer", Role.FARMER, List.of(), "pw-map-farmer".toCharArray());
    farmerToken = api.token(api.users.find("map.farmer").orElseThrow());
    cityToken = api.token(api.users.find("map.city").orElseThrow());
    communeToken = api.token(api.users.find("map.commune").orElseThrow());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void atCityZoomClustersAccountForEveryVisibleDeviceAndALoneDeviceShowsAlone() throws Exception {
    JsonNode map = ok("/api/v1/map?bbox=105.2,9.7,106.0,10.3&zoom=11", cityToken);

    assertThat(map.path("zoom").asInt()).isEqualTo(11);
    long inClusters = 0;
    for (JsonNode c : map.path("clusters")) {
      long count = c.path("count").asLong();
      assertThat(count).isGreaterThanOrEqualTo(2);
      inClusters += count;
      JsonNode s = c.path("status");
      assertThat(
              s.path("online").asLong() + s.path("offline").asLong() + s.path("unknown").asLong())
          .isEqualTo(count);
      long byDomain = 0;
      for (JsonNode n : c.path("domains")) {
        byDomain += n.asLong();
      }
      assertThat(byDomain).isEqualTo(count);
      JsonNode box = c.path("bbox");
      // The mean of the members lies within their box (to rounding).
      assertThat(c.path("lon").asDouble())
          .isBetween(box.get(0).asDouble() - 1e-9, box.get(2).asDouble() + 1e-9);
      assertThat(c.path("lat").asDouble())
          .isBetween(box.get(1).asDouble() - 1e-9, box.get(3).asDouble() + 1e-9);
    }
    List<String> alone = ids(map.path("devices"));
    assertThat(inClusters + alone.size()).isEqualTo(LAMPS + DETECTORS + 1);
    assertThat(alone).contains("wq-lone");
    // 64-pixel cells at zoom 11 are about 0.044° wide: the district and the ward are a few each.
    assertThat(map.path("clusters").size()).isBetween(2, 12);
    JsonNode lone = map.path("devices").get(alone.indexOf("wq-lone"));
    assertThat(lone.path("status").asText()).isEqualTo("unknown");
    assertThat(lone.path("zoneId").asText()).isEqualTo("31120");
    assertThat(lone.path("domain").asText()).isEqualTo("water");
    assertThat(lone.path("name").asText()).isEqualTo("Ao lẻ");

    long shownOnline = 0;
    for (JsonNode c : map.path("clusters")) {
      shownOnline += c.path("status").path("online").asLong();
    }
    for (JsonNode d : map.path("devices")) {
      shownOnline += d.path("status").asText().equals("online") ? 1 : 0;
    }
    assertThat(shownOnline).isEqualTo(online.size());
  }

  @Test
  void atStreetZoomEveryDeviceShowsAloneWithItsStatus() throws Exception {
    // About 220 × 165 m at the district's corner: a 5 × 4 block of lamps… and more in view.
    JsonNode map = ok("/api/v1/map?bbox=105.7599,10.0199,105.7621,10.0216&zoom=17", cityToken);

    assertThat(map.path("clusters")).isEmpty();
    List<String> ids = ids(map.path("devices"));
    assertThat(ids).hasSize(5 * 4).isSorted();
    for (JsonNode d : map.path("devices")) {
      assertThat(d.path("status").asText())
          .isEqualTo(online.contains(d.path("id").asText()) ? "online" : "unknown");
    }
  }

  @Test
  void aSmallScopeShowsItsDevicesAloneAndNothingOutsideIt() throws Exception {
    JsonNode map = ok("/api/v1/map?bbox=105.2,9.7,106.0,10.3&zoom=11", communeToken);

    assertThat(map.path("clusters")).as("51 devices: few enough to show each").isEmpty();
    assertThat(ids(map.path("devices")))
        .hasSize(DETECTORS + 1)
        .allMatch(id -> id.startsWith("tf-") || id.equals("wq-lone"));
    JsonNode summary = map.path("summary");
    assertThat(summary.path("total").asLong()).isEqualTo(DETECTORS + 1);
    assertThat(summary.path("domains").path("lighting").isMissingNode()).isTrue();
  }

  @Test
  void aFarmerSeesHisOwnProbeOnly() throws Exception {
    JsonNode map = ok("/api/v1/map?bbox=104.0,9.0,106.5,10.5&zoom=9", farmerToken);

    assertThat(map.path("clusters")).isEmpty();
    assertThat(ids(map.path("devices"))).containsExactly("wq-farm");
    assertThat(map.at("/summary/total").asLong()).isEqualTo(1);
    assertThat(map.at("/summary/status/unknown").asLong()).isEqualTo(1);
  }

  @Test
  void theSummaryCountsTheWholeScopeWithTheStatusesTheFeedJudged() throws Exception {
    // A box holding only the lone probe: the summary still counts the whole city.
    String view = "/api/v1/map?bbox=105.29,9.79,105.31,9.81&zoom=15";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode summary = ok(view, cityToken).path("summary");
              assertThat(summary.path("total").asLong()).isEqualTo(EVERY_DEVICE);
              assertThat(summary.path("status").path("online").asLong()).isEqualTo(online.size());
              assertThat(summary.path("status").path("unknown").asLong())
                  .isEqualTo(EVERY_DEVICE - online.size());
              assertThat(summary.path("domains").path("lighting").asLong()).isEqualTo(LAMPS);
              assertThat(summary.path("domains").path("traffic").asLong()).isEqualTo(DETECTORS);
            });
    JsonNode lightingOnly = ok(view + "&domain=lighting", cityToken);
    assertThat(lightingOnly.path("devices")).isEmpty();
    assertThat(lightingOnly.path("summary").path("total").asLong()).isEqualTo(LAMPS);
    assertThat(ok(view + "&zone=31120", cityToken).path("summary").path("total").asLong())
        .isEqualTo(DETECTORS + 1);
  }

  @Test
  void bboxAndZoomAreRequiredAndAViewIsBounded() throws Exception {
    assertBadRequest("/api/v1/map?zoom=11", "bbox is required");
    assertBadRequest("/api/v1/map?bbox=" + CITY, "zoom is required");
    assertBadRequest("/api/v1/map?bbox=" + CITY + "&zoom=23", "zoom must be between 0 and 22");
    assertBadRequest("/api/v1/map?bbox=106,10,105,11&zoom=5", "bbox must be");
    assertBadRequest("/api/v1/map?bbox=" + CITY + "&zoom=16", "a map view is at most 8192");
    // The whole world at zoom 0 is one tile; a box beyond it is clipped, not refused.
    assertThat(
            ok("/api/v1/map?bbox=-500,-100,500,100&zoom=0", cityToken)
                .path("summary")
                .path("total")
                .asLong())
        .isEqualTo(EVERY_DEVICE);
    assertThat(api.get("/api/v1/map?bbox=" + CITY + "&zoom=9", null).statusCode()).isEqualTo(401);
  }

  private static void assertBadRequest(String path, String message) throws Exception {
    HttpResponse<String> r = api.get(path, cityToken);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("message").asText()).contains(message);
  }

  private static List<String> ids(JsonNode devices) {
    List<String> ids = new ArrayList<>();
    devices.forEach(d -> ids.add(d.path("id").asText()));
    return ids;
  }

  private static JsonNode ok(String path, String token) throws Exception {
    HttpResponse<String> r = api.get(path, token);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
