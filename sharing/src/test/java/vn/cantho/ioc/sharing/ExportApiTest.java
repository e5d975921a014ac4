package vn.cantho.ioc.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.cantho.ioc.sharing.SharingFixture.OTHER_WARD;
import static vn.cantho.ioc.sharing.SharingFixture.T0;
import static vn.cantho.ioc.sharing.SharingFixture.WARD;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.api.OpenApi;
import vn.cantho.ioc.core.api.RouteCoverage;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.geo.crs.GridTransform;

/**
 * Exports and the feed through the real kernel, router and PostgreSQL: each format's content,
 * paging that visits every row once, VN-2000 output, and the caller's scope.
 */
@ExtendWith(PostgresExtension.class)
class ExportApiTest {
  private static final String P = "exp";
  private static final int PER_DEVICE = 7;
  private static final String WINDOW = "from=" + T0 + "&to=" + T0.plus(Duration.ofHours(1));
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

  private static FeatureTestKit kit;
  private static SharingFeature sharing;
  private static List<Device> devices;
  private static String city;
  private static String ward;
  private static String farmer;

  @BeforeAll
  static void start(Database db) throws Exception {
    devices = SharingFixture.devices(P);
    sharing = new SharingFeature(SharingFixture.settings(10_000));
    kit =
        new FeatureTestKit(
            db, List.of(sharing), devices, SharingFixture.zones(), Clock.systemUTC());
    SharingFixture.readings(db, devices, PER_DEVICE);
    city = kit.token(P + "-city", Role.CITY_OPERATOR, List.of());
    ward = kit.token(P + "-ward", Role.COMMUNE_OPERATOR, List.of(WARD));
    farmer = kit.token(P + "-farmer", Role.FARMER, List.of());
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void csvHasTheColumnsAsHeaderAndOneLinePerReading() throws Exception {
    HttpResponse<String> got =
        kit.get("/api/v1/export/readings?format=csv&zone=" + OTHER_WARD + "&" + WINDOW, city);
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    assertThat(got.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = got.body().split("\r\n");
    assertThat(lines[0]).isEqualTo("deviceId,metric,ts,value,quality,zoneId");
    assertThat(lines).hasSize(1 + PER_DEVICE);
    assertThat(lines[1]).isEqualTo(P + "-b,speed," + T0 + ",0.0,0," + OTHER_WARD);
    assertThat(lines[PER_DEVICE])
        .startsWith(P + "-b,speed," + T0.plus(Duration.ofMinutes(PER_DEVICE - 1)));
  }

  @Test
  void csvQuotesCommasAndDefusesFormulas() throws Exception {
    HttpResponse<String> got = kit.get("/api/v1/export/devices?format=csv", city);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body())
        .contains(P + "-a,lighting,loop,\"Trạm, \"\"A\"\"\",105.75,10.05," + WARD + ",60\r\n")
        .contains(P + "-b,lighting,loop,'=B,");
  }

  @Test
  void pagingFollowsTheLinkAndVisitsEveryRowExactlyOnce() throws Exception {
    String url = "/api/v1/export/readings?format=json&limit=4&" + WINDOW;
    List<String> seen = new ArrayList<>();
    int pages = 0;
    while (url != null) {
      HttpResponse<String> got = kit.get(url, city);
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      JsonObject page = new JsonObject(got.body());
      for (Object o : page.getJsonArray("items")) {
        JsonObject r = (JsonObject) o;
        if (r.getString("deviceId").startsWith(P + "-")) {
          seen.add(r.getString("deviceId") + "@" + r.getString("ts"));
        }
      }
      Matcher link = NEXT.matcher(got.headers().firstValue("Link").orElse(""));
      url = link.find() ? link.group(1) : null;
      assertThat(page.getString("nextCursor") != null).isEqualTo(url != null);
      pages++;
    }
    assertThat(seen).hasSize(devices.size() * PER_DEVICE);
    assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
    assertThat(pages).isGreaterThanOrEqualTo(devices.size() * PER_DEVICE / 4);
  }

  @Test
  void geoJsonIsInWgs84UnlessTheNationalGridIsAskedFor() throws Exception {
    Device a = devices.get(0);
    JsonObject wgs84 = feature(kit.get("/api/v1/export/devices?format=geojson", city), a.id());
    assertThat(wgs84.getJsonObject("geometry").getJsonArray("coordinates"))
        .isEqualTo(new JsonArray().add(a.lon()).add(a.lat()));

    HttpResponse<String> got = kit.get("/api/v1/export/devices?format=geojson&crs=EPSG:5897", city);
    assertThat(
            new JsonObject(got.body())
                .getJsonObject("crs")
                .getJsonObject("properties")
                .getString("name"))
        .isEqualTo("urn:ogc:def:crs:EPSG::5897");
    JsonArray xy = feature(got, a.id()).getJsonObject("geometry").getJsonArray("coordinates");
    Coordinate expected = GridTransform.fromWgs84(GridCrs.VN2000_TM3_105, a.lon(), a.lat());
    assertThat(xy.getDouble(0)).isCloseTo(expected.x, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(xy.getDouble(1)).isCloseTo(expected.y, org.assertj.core.data.Offset.offset(1e-6));
    // Metres in TM-3 105°: 0.75° (about 82 km) east of the central meridian, 1 111 km north.
    assertThat(xy.getDouble(0)).isBetween(575_000.0, 590_000.0);
    assertThat(xy.getDouble(1)).isBetween(1_100_000.0, 1_120_000.0);
  }

  @Test
  void aCommuneOperatorGetsHisWardsRowsOnlyAndIsRefusedAnother() throws Exception {
    JsonObject page =
        new JsonObject(kit.get("/api/v1/export/readings?limit=5000&" + WINDOW, ward).body());
    Set<String> ids = new HashSet<>();
    page.getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getString("deviceId")));
    assertThat(ids).contains(P + "-a", P + "-f").doesNotContain(P + "-b");

    JsonObject devicesPage = new JsonObject(kit.get("/api/v1/export/devices", ward).body());
    devicesPage
        .getJsonArray("items")
        .forEach(o -> assertThat(((JsonObject) o).getString("zoneId")).isEqualTo(WARD));

    HttpResponse<String> other = kit.get("/api/v1/export/readings?zone=" + OTHER_WARD, ward);
    assertThat(other.statusCode()).isEqualTo(403);
    // The denial's audit row is written beside the answer, not before it.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> kit.auditedActions(P + "-ward").contains("access.denied"));
  }

  @Test
  void aFarmerExportsHisOwnDevicesAndNotTheFeed() throws Exception {
    JsonObject page = new JsonObject(kit.get("/api/v1/export/devices", farmer).body());
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(P + "-f");
    assertThat(kit.get("/api/v1/sharing/feed", farmer).statusCode()).isEqualTo(403);
  }

  @Test
  void alertsExportAndTheFeedCarryAnAlertWithinScope() throws Exception {
    Device b = devices.get(1);
    long id =
        kit.alerts()
            .raise(
                new RuleKey("test", P + "-rule"),
                b.id(),
                b.zoneId(),
                "speed",
                Severity.WARNING,
                3,
                T0)
            .id();
    JsonObject alerts =
        new JsonObject(kit.get("/api/v1/export/alerts?format=geojson&" + WINDOW, city).body());
    JsonObject feature = null;
    for (Object o : alerts.getJsonArray("features")) {
      if (((JsonObject) o).getString("id").equals(Long.toString(id))) {
        feature = (JsonObject) o;
      }
    }
    assertThat(feature).isNotNull();
    assertThat(feature.getJsonObject("properties").getString("severity")).isEqualTo("warning");
    assertThat(feature.getJsonObject("geometry").getJsonArray("coordinates"))
        .isEqualTo(new JsonArray().add(b.lon()).add(b.lat()));

    sharing.pushNow();
    assertThat(alertIdsInFeed(city)).contains(id);
    assertThat(alertIdsInFeed(ward)).doesNotContain(id);
  }

  @Test
  void badRequestsSayWhy() throws Exception {
    assertThat(kit.get("/api/v1/export/nothing", city).statusCode()).isEqualTo(404);
    assertThat(kit.get("/api/v1/export/devices?format=csv&crs=EPSG:5897", city).statusCode())
        .isEqualTo(400);
    assertThat(kit.get("/api/v1/export/devices?format=xml", city).statusCode()).isEqualTo(400);
    assertThat(kit.get("/api/v1/export/readings?after=bm90LWEta2V5", city).statusCode())
        .isEqualTo(400);
    JsonObject list = new JsonObject(kit.get("/api/v1/export", city).body());
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")))
        .contains("devices", "readings", "alerts");
  }

  @Test
  void everySharingRouteIsDescribedInTheServedOpenApiDocument() throws Exception {
    JsonObject served = new JsonObject(kit.get(OpenApi.PATH, null).body());
    RouteCoverage.Gaps gaps = RouteCoverage.check(kit.routes(), served);
    assertThat(gaps.none()).as(gaps.toString()).isTrue();
  }

  private static List<Long> alertIdsInFeed(String token) throws Exception {
    List<Long> ids = new ArrayList<>();
    String cursor = "";
    while (true) {
      JsonObject page =
          new JsonObject(kit.get("/api/v1/sharing/feed?limit=1000" + cursor, token).body());
      JsonArray items = page.getJsonArray("items");
      items.forEach(o -> ids.add(((JsonObject) o).getJsonObject("data").getLong("alertId")));
      if (items.isEmpty()) {
        return ids;
      }
      cursor = "&after=" + page.getString("nextCursor");
    }
  }

  private static JsonObject feature(HttpResponse<String> got, String id) {
    assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
    for (Object o : new JsonObject(got.body()).getJsonArray("features")) {
      if (((JsonObject) o).getString("id").equals(id)) {
        return (JsonObject) o;
      }
    }
    throw new AssertionError("no feature " + id + " in " + got.body());
  }
}
