package vn.cantho.ioc.water.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.geo.crs.GridTransform;
import vn.cantho.ioc.water.WaterFeature;

/**
 * Water's HTTP routes in water's own module (ADR 0012): the real {@link WaterFeature} on the kernel
 * through the feature test kit, on a real PostgreSQL and the real API server. Ponds, rules and
 * farmers' subscriptions, with who may do what and who sees what. Each test registers ponds and
 * users of its own, so the tests share one kit and one database in any order.
 */
@ExtendWith(PostgresExtension.class)
class WaterRoutesTest {
  /** One ward, a box around the probes that stand in it. */
  private static final String WARD = "31117";

  private static final double LON = 105.75;
  private static final double LAT = 10.05;

  private static FeatureTestKit kit;
  private static String city;
  private static String viewer;

  @BeforeAll
  static void start(Database db) throws Exception {
    GeometryFactory geometry = new GeometryFactory();
    Zone ward =
        new Zone(
            WARD,
            "Phường Thử",
            "phuong",
            "Test ward",
            geometry.createPolygon(
                new Coordinate[] {
                  new Coordinate(105.70, 10.00),
                  new Coordinate(105.80, 10.00),
                  new Coordinate(105.80, 10.10),
                  new Coordinate(105.70, 10.10),
                  new Coordinate(105.70, 10.00)
                }),
            Map.of());
    List<Device> devices =
        Stream.concat(
                Stream.of("a", "list-a", "list-b", "sub-a", "sub-b", "rules")
                    .map(n -> probe("wr-probe-" + n, LON, LAT, WARD)),
                Stream.of(
                    probe("wr-probe-outside", 105.60, 10.20, null),
                    new Device("wr-lamp-1", Domain.LIGHTING, "led", "Đèn", LON, LAT, WARD, 60)))
            .toList();
    kit =
        new FeatureTestKit(
            db,
            List.of(new WaterFeature()),
            devices,
            new ZoneIndex(List.of(ward)),
            Clock.systemUTC());
    city = kit.token("wr-city", Role.CITY_OPERATOR, List.of());
    viewer = kit.token("wr-viewer", Role.VIEWER, List.of());
  }

  @AfterAll
  static void stop() {
    if (kit != null) {
      kit.close();
    }
  }

  @Test
  void theCityRegistersAPondAndReadsItBackWhileOthersMayNot() throws Exception {
    String farmer = kit.token("wr-farmer-a", Role.FARMER, List.of());
    String body = pond("wr-farm-a", "wr-farmer-a", LON, LAT, "wr-probe-a");

    HttpResponse<String> byViewer = kit.put("/api/v1/ponds/wr-pond-a", viewer, body);
    assertThat(byViewer.statusCode()).isEqualTo(403);
    assertThat(json(byViewer).getString("error")).isEqualTo("forbidden");
    assertThat(json(byViewer).getString("message")).contains("water.farms.manage");
    assertThat(kit.put("/api/v1/ponds/wr-pond-a", farmer, body).statusCode())
        .as("a farmer does not register ponds, not even his own")
        .isEqualTo(403);
    HttpResponse<String> anonymous = kit.put("/api/v1/ponds/wr-pond-a", null, body);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(json(anonymous).getString("error")).isEqualTo("unauthorized");
    assertThat(kit.get("/api/v1/ponds/wr-pond-a", city).statusCode())
        .as("refused registrations stored nothing")
        .isEqualTo(404);

    HttpResponse<String> put = kit.put("/api/v1/ponds/wr-pond-a", city, body);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonObject stored = json(put);
    assertThat(stored.getString("id")).isEqualTo("wr-pond-a");
    assertThat(stored.getString("name")).isEqualTo("Ao cá tra số 1");
    assertThat(stored.getJsonObject("farm"))
        .isEqualTo(new JsonObject().put("id", "wr-farm-a").put("name", "Trại thử"));
    assertThat(stored.getString("owner")).isEqualTo("wr-farmer-a");
    assertThat(stored.getString("profile")).isEqualTo("pangasius_pond");
    assertThat(stored.getDouble("areaM2")).isEqualTo(2500.0);
    assertThat(stored.getString("zoneId")).as("found from the outline").isEqualTo(WARD);
    assertThat(stored.getString("status")).isEqualTo("ok");
    assertThat(stored.getInteger("openAlertCount")).isZero();
    assertThat(ids(stored.getJsonArray("probes"))).containsExactly("wr-probe-a");
    assertThat(stored.getJsonObject("polygon").getString("type")).isEqualTo("Polygon");
    assertThat(kit.devices().find("wr-probe-a").orElseThrow().owner())
        .as("the probe becomes the farmer's")
        .isEqualTo("wr-farmer-a");

    HttpResponse<String> read = kit.get("/api/v1/ponds/wr-pond-a", city);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    JsonObject one = json(read);
    assertThat(one.getJsonArray("openAlerts")).isEmpty();
    one.remove("openAlerts");
    assertThat(one).isEqualTo(stored);
    assertThat(kit.get("/api/v1/ponds/wr-pond-a", viewer).statusCode())
        .as("the whole city's viewer reads the farm map")
        .isEqualTo(200);
    assertThat(kit.get("/api/v1/ponds/wr-pond-a", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aPondIsRefusedWithTheReasonWhenItsOutlineProfileProbeOrOwnerIsWrong() throws Exception {
    kit.token("wr-farmer-bad", Role.FARMER, List.of());
    String good = pond("wr-farm-bad", "wr-farmer-bad", LON, LAT, "wr-probe-outside");
    assertRefused(good.replace("\"Polygon\"", "\"Point\""), "polygon");
    assertRefused(good.replace("pangasius_pond", "goldfish_bowl"), "no species profile");
    assertRefused(good.replace("wr-probe-outside", "wr-lamp-1"), "not a registered water device");
    assertRefused(good.replace("wr-probe-outside", "wr-no-such"), "not a registered water device");
    assertRefused(good.replace("wr-farmer-bad", "wr-nobody"), "wr-nobody");
    assertRefused(good.replace("\"areaM2\":2500", "\"areaM2\":\"big\""), "areaM2");
    assertRefused("[1,2]", "");
    assertThat(kit.get("/api/v1/ponds/wr-pond-bad", city).statusCode()).isEqualTo(404);
    assertThat(kit.devices().find("wr-probe-outside").orElseThrow().owner()).isNull();
  }

  @Test
  void aFarmerSeesOnlyHisOwnPondsAndAnotherFarmersPondIsNotThere() throws Exception {
    String farmerA = kit.token("wr-farmer-list-a", Role.FARMER, List.of());
    String farmerB = kit.token("wr-farmer-list-b", Role.FARMER, List.of(WARD));
    register("wr-pond-list-a", "wr-farm-list-a", "wr-farmer-list-a", "wr-probe-list-a");
    register("wr-pond-list-b", "wr-farm-list-b", "wr-farmer-list-b", "wr-probe-list-b");

    HttpResponse<String> listA = kit.get("/api/v1/ponds", farmerA);
    assertThat(listA.statusCode()).as(listA.body()).isEqualTo(200);
    assertThat(ids(json(listA).getJsonArray("items"))).containsExactly("wr-pond-list-a");
    assertThat(ids(json(kit.get("/api/v1/ponds", farmerB)).getJsonArray("items")))
        .as("his zones do not widen a farmer's view: he sees what he owns")
        .containsExactly("wr-pond-list-b");
    assertThat(ids(json(kit.get("/api/v1/ponds", city)).getJsonArray("items")))
        .contains("wr-pond-list-a", "wr-pond-list-b");

    HttpResponse<String> own = kit.get("/api/v1/ponds/wr-pond-list-a", farmerA);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(ids(json(own).getJsonArray("probes"))).containsExactly("wr-probe-list-a");
    HttpResponse<String> other = kit.get("/api/v1/ponds/wr-pond-list-b", farmerA);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(json(other).getString("error")).isEqualTo("not_found");
    assertThat(other.body()).doesNotContain("wr-farmer-list-b");
    assertThat(kit.get("/api/v1/ponds/wr-pond-list-a", farmerB).statusCode()).isEqualTo(404);

    assertThat(kit.get("/api/v1/devices/wr-probe-list-a", farmerA).statusCode())
        .as("registering the pond made its probe his")
        .isEqualTo(200);
    assertThat(kit.get("/api/v1/devices/wr-probe-list-b", farmerA).statusCode()).isEqualTo(404);
  }

  @Test
  void aCommuneOperatorSeesThePondsOfHisWardOnly() throws Exception {
    kit.token("wr-farmer-ward", Role.FARMER, List.of());
    String operator = kit.token("wr-commune", Role.COMMUNE_OPERATOR, List.of(WARD));
    register("wr-pond-in-ward", "wr-farm-ward", "wr-farmer-ward", null, LON, LAT);
    register("wr-pond-far", "wr-farm-far", "wr-farmer-ward", null, 105.60, 10.20);

    assertThat(json(kit.get("/api/v1/ponds/wr-pond-far", city)).getValue("zoneId")).isNull();
    List<String> seen = ids(json(kit.get("/api/v1/ponds", operator)).getJsonArray("items"));
    assertThat(seen).contains("wr-pond-in-ward").doesNotContain("wr-pond-far");
    assertThat(kit.get("/api/v1/ponds/wr-pond-far", operator).statusCode()).isEqualTo(404);
    assertThat(ids(json(kit.get("/api/v1/ponds?zone=" + WARD, city)).getJsonArray("items")))
        .contains("wr-pond-in-ward")
        .doesNotContain("wr-pond-far");
  }

  @Test
  void aProbesRuleOverrideIsValidatedNeedsTheRulesPermissionAndTakesEffect() throws Exception {
    String path = "/api/v1/devices/wr-probe-rules/rules";
    String rule =
        "{\"metric\":\"do\",\"direction\":\"below\",\"watch\":4.5,\"warning\":3.5,"
            + "\"critical\":2.5,\"hysteresis\":0.3,\"minSamples\":3,\"minDurationS\":300,"
            + "\"source\":\"tighter after stocking\"}";
    HttpResponse<String> byViewer = kit.put(path, viewer, rule);
    assertThat(byViewer.statusCode()).isEqualTo(403);
    assertThat(json(byViewer).getString("message")).contains("water.rules.manage");
    String farmer = kit.token("wr-farmer-rules", Role.FARMER, List.of());
    assertThat(kit.put(path, farmer, rule).statusCode()).isEqualTo(403);
    assertThat(kit.put(path, null, rule).statusCode()).isEqualTo(401);

    for (Map.Entry<String, String> bad :
        Map.of(
                rule.replace("\"watch\":4.5", "\"watch\":\"high\""),
                "watch must be a number",
                rule.replace("\"below\"", "\"sideways\""),
                "rule not valid",
                rule.replace("\"watch\":4.5", "\"watch\":1.5"),
                "thresholds must worsen",
                rule.replace("\"metric\":\"do\"", "\"metric\":\"speed\""),
                "is not a water metric",
                rule.replace(",\"direction\":\"below\"", ""),
                "direction",
                "{\"metric\":",
                "")
            .entrySet()) {
      HttpResponse<String> refused = kit.put(path, city, bad.getKey());
      assertThat(refused.statusCode()).as(bad.getKey() + " → " + refused.body()).isEqualTo(400);
      assertThat(json(refused).getString("error")).isEqualTo("bad_request");
      assertThat(json(refused).getString("message")).contains(bad.getValue());
    }
    HttpResponse<String> lamp = kit.put("/api/v1/devices/wr-lamp-1/rules", city, rule);
    assertThat(lamp.statusCode()).isEqualTo(400);
    assertThat(json(lamp).getString("message")).contains("only water probes");
    assertThat(kit.put("/api/v1/devices/wr-no-such/rules", city, rule).statusCode()).isEqualTo(404);
    assertThat(doBelow(json(kit.get(path, city))).getDouble("watch"))
        .as("nothing refused was stored")
        .isEqualTo(3.0);

    HttpResponse<String> set = kit.put(path, city, rule);
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    JsonObject answer = json(set);
    assertThat(answer.getString("deviceId")).isEqualTo("wr-probe-rules");
    assertThat(answer.getString("profile")).isEqualTo("pangasius_pond");
    JsonObject effective = doBelow(answer);
    assertThat(effective.getDouble("watch")).isEqualTo(4.5);
    assertThat(effective.getDouble("warning")).isEqualTo(3.5);
    assertThat(effective.getDouble("critical")).isEqualTo(2.5);
    assertThat(effective.getInteger("minSamples")).isEqualTo(3);
    assertThat(effective.getLong("minDurationS")).isEqualTo(300L);

    HttpResponse<String> read = kit.get(path, viewer);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(doBelow(json(read))).isEqualTo(effective);
    assertThat(
            doBelow(json(kit.get("/api/v1/rules?profile=pangasius_pond", viewer)))
                .getDouble("watch"))
        .as("the species' default is untouched")
        .isEqualTo(3.0);
  }

  @Test
  void aSpeciesProfileAnswersItsDefaultThresholds() throws Exception {
    HttpResponse<String> r = kit.get("/api/v1/rules?profile=pangasius_pond", viewer);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject body = json(r);
    assertThat(body.getString("profile")).isEqualTo("pangasius_pond");
    JsonArray rules = body.getJsonArray("rules");
    assertThat(rule(rules, "do", "below"))
        .containsAllEntriesOf(
            Map.of("watch", 3.0, "warning", 2.0, "critical", 1.0, "hysteresis", 0.5));
    assertThat(rule(rules, "ph", "below"))
        .containsAllEntriesOf(Map.of("watch", 6.5, "warning", 6.0, "critical", 5.5));
    assertThat(rule(rules, "ph", "above"))
        .containsAllEntriesOf(Map.of("watch", 8.5, "warning", 9.0, "critical", 9.5));
    assertThat(rule(rules, "nh3", "above"))
        .containsAllEntriesOf(Map.of("watch", 0.05, "warning", 0.2, "critical", 0.6));
    assertThat(rule(rules, "salinity", "above"))
        .containsAllEntriesOf(Map.of("watch", 4.0, "warning", 7.0, "critical", 10.0));
    assertThat(rule(rules, "do_projected", "below"))
        .containsAllEntriesOf(Map.of("watch", 3.0, "warning", 2.0, "critical", 1.0));

    HttpResponse<String> shrimp = kit.get("/api/v1/rules?profile=whiteleg_shrimp_pond", viewer);
    assertThat(shrimp.statusCode()).isEqualTo(200);
    assertThat(json(shrimp).getJsonArray("rules")).isNotEmpty().isNotEqualTo(rules);
    HttpResponse<String> none = kit.get("/api/v1/rules", viewer);
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(json(none).getString("message")).contains("give profile");
    assertThat(kit.get("/api/v1/rules?profile=pangasius_pond", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aFarmerSubscribesToHisPondListsAndDeletesItButNotAnothersPond() throws Exception {
    String farmer = kit.token("wr-farmer-sub-a", Role.FARMER, List.of());
    String neighbour = kit.token("wr-farmer-sub-b", Role.FARMER, List.of());
    register("wr-pond-sub-a", "wr-farm-sub-a", "wr-farmer-sub-a", "wr-probe-sub-a");
    register("wr-pond-sub-b", "wr-farm-sub-b", "wr-farmer-sub-b", "wr-probe-sub-b");

    HttpResponse<String> added =
        kit.post(
            "/api/v1/subscriptions",
            farmer,
            "{\"pond\":\"wr-pond-sub-a\",\"channel\":\"sms\",\"address\":\"0912345678\","
                + "\"minSeverity\":\"warning\",\"quietStart\":\"22:00\",\"quietEnd\":\"05:00\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    JsonObject sub = json(added);
    assertThat(sub.getLong("id")).isPositive();
    JsonObject expected =
        new JsonObject()
            .put("id", sub.getLong("id"))
            .put("pond", "wr-pond-sub-a")
            .put("channel", "sms")
            .put("address", "0912345678")
            .put("language", "vi")
            .put("minSeverity", "warning")
            .put("quietStart", "22:00")
            .put("quietEnd", "05:00");
    assertThat(sub).isEqualTo(expected);

    HttpResponse<String> list = kit.get("/api/v1/subscriptions", farmer);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).getJsonArray("items")).containsExactly(expected);
    assertThat(json(kit.get("/api/v1/subscriptions", neighbour)).getJsonArray("items"))
        .as("nobody lists another's subscriptions")
        .isEmpty();

    HttpResponse<String> foreign =
        kit.post(
            "/api/v1/subscriptions",
            farmer,
            "{\"pond\":\"wr-pond-sub-b\",\"channel\":\"sms\",\"address\":\"0912345678\"}");
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
    assertThat(json(foreign).getString("error")).isEqualTo("not_found");
    HttpResponse<String> badChannel =
        kit.post(
            "/api/v1/subscriptions",
            farmer,
            "{\"pond\":\"wr-pond-sub-a\",\"channel\":\"pigeon\",\"address\":\"x\"}");
    assertThat(badChannel.statusCode()).isEqualTo(400);
    assertThat(json(badChannel).getString("message")).contains("channel must be");
    assertThat(
            kit.post(
                    "/api/v1/subscriptions",
                    farmer,
                    "{\"channel\":\"sms\",\"address\":\"not a phone\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            kit.post(
                    "/api/v1/subscriptions",
                    null,
                    "{\"channel\":\"sms\",\"address\":\"0912345678\"}")
                .statusCode())
        .isEqualTo(401);
    assertThat(json(kit.get("/api/v1/subscriptions", farmer)).getJsonArray("items"))
        .as("nothing refused was stored")
        .containsExactly(expected);

    String mine = "/api/v1/subscriptions/" + sub.getLong("id");
    assertThat(kit.delete(mine, neighbour).statusCode())
        .as("another's subscription is not there for him")
        .isEqualTo(404);
    assertThat(kit.delete("/api/v1/subscriptions/not-a-number", farmer).statusCode())
        .isEqualTo(400);
    HttpResponse<String> deleted = kit.delete(mine, farmer);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(json(kit.get("/api/v1/subscriptions", farmer)).getJsonArray("items")).isEmpty();
    assertThat(kit.delete(mine, farmer).statusCode()).isEqualTo(404);
  }

  private static Device probe(String id, double lon, double lat, String zone) {
    return new Device(
        id, WaterFeature.DOMAIN, "pangasius_pond", "Đầu đo " + id, lon, lat, zone, 60);
  }

  @Test
  void aPondOutlineInVn2000IsStoredWhereItLiesInWgs84() throws Exception {
    kit.token("wr-grid-owner", Role.FARMER, List.of());
    double d = 0.0003;
    double[][] corners = {
      {LON - d, LAT - d},
      {LON + d, LAT - d},
      {LON + d, LAT + d},
      {LON - d, LAT + d},
      {LON - d, LAT - d}
    };
    JsonArray ring = new JsonArray();
    for (double[] c : corners) {
      Coordinate grid = GridTransform.fromWgs84(GridCrs.VN2000_TM3_105, c[0], c[1]);
      ring.add(new JsonArray().add(grid.x).add(grid.y));
    }
    JsonObject polygon =
        new JsonObject()
            .put("type", "Polygon")
            .put(
                "crs",
                new JsonObject()
                    .put("type", "name")
                    .put("properties", new JsonObject().put("name", "urn:ogc:def:crs:EPSG::5897")))
            .put("coordinates", new JsonArray().add(ring));
    JsonObject body =
        new JsonObject(pond("wr-farm-grid", "wr-grid-owner", LON, LAT, null))
            .put("polygon", polygon);
    HttpResponse<String> put = kit.put("/api/v1/ponds/wr-pond-grid", city, body.encode());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    JsonObject stored = json(kit.get("/api/v1/ponds/wr-pond-grid", city));
    assertThat(stored.getString("zoneId")).isEqualTo(WARD);
    assertThat(stored.getDouble("lon")).isCloseTo(LON, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(stored.getDouble("lat")).isCloseTo(LAT, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(stored.getJsonObject("polygon").containsKey("crs")).isFalse();
    JsonArray back = stored.getJsonObject("polygon").getJsonArray("coordinates").getJsonArray(0);
    for (int i = 0; i < corners.length; i++) {
      // The round trip through the grid: well under a millimetre (1e-8° is about 1 mm).
      assertThat(back.getJsonArray(i).getDouble(0))
          .isCloseTo(corners[i][0], org.assertj.core.data.Offset.offset(1e-8));
      assertThat(back.getJsonArray(i).getDouble(1))
          .isCloseTo(corners[i][1], org.assertj.core.data.Offset.offset(1e-8));
    }

    JsonObject unknown = polygon.copy();
    unknown.getJsonObject("crs").getJsonObject("properties").put("name", "EPSG:32648");
    assertRefused(body.copy().put("polygon", unknown).encode(), "32648");
  }

  @Test
  void thePondsAreOfferedForExportWithinTheCallersScope() throws Exception {
    kit.token("wr-export-owner", Role.FARMER, List.of());
    register("wr-pond-export", "wr-farm-export", "wr-export-owner", null);
    vn.cantho.ioc.core.export.ExportDataset ponds =
        kit.host().exports().stream()
            .filter(x -> x.name().equals("ponds"))
            .findFirst()
            .orElseThrow();
    var page =
        ponds.read(
            new vn.cantho.ioc.core.export.ExportQuery(
                new vn.cantho.ioc.core.auth.Caller(
                    "wr-export-owner", Role.FARMER, List.of(), java.time.Instant.MAX, true),
                java.time.Instant.EPOCH,
                java.time.Instant.now(),
                null,
                null,
                100));
    assertThat(page.rows()).extracting(r -> r.key()).containsExactly("wr-pond-export");
    assertThat(page.rows().get(0).geometry().getGeometryType()).isEqualTo("Polygon");
    assertThat(page.rows().get(0).values()).doesNotContainKey("owner");
  }

  /** A pond body: a ~60 m square outline around the point, with the probe unless it is null. */
  private static String pond(String farm, String owner, double lon, double lat, String probe) {
    double d = 0.0003;
    String polygon =
        "{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}"
            .formatted(
                lon - d, lat - d, lon + d, lat - d, lon + d, lat + d, lon - d, lat + d, lon - d,
                lat - d);
    return ("{\"farm\":{\"id\":\"%s\",\"name\":\"Trại thử\",\"owner\":\"%s\"},"
            + "\"name\":\"Ao cá tra số 1\",\"profile\":\"pangasius_pond\",\"areaM2\":2500,"
            + "\"polygon\":%s,\"probes\":[%s]}")
        .formatted(farm, owner, polygon, probe == null ? "" : "\"" + probe + "\"");
  }

  private static void register(String id, String farm, String owner, String probe)
      throws Exception {
    register(id, farm, owner, probe, LON, LAT);
  }

  private static void register(
      String id, String farm, String owner, String probe, double lon, double lat) throws Exception {
    HttpResponse<String> put =
        kit.put("/api/v1/ponds/" + id, city, pond(farm, owner, lon, lat, probe));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  private static void assertRefused(String body, String reason) throws Exception {
    HttpResponse<String> r = kit.put("/api/v1/ponds/wr-pond-bad", city, body);
    assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(400);
    assertThat(json(r).getString("error")).isEqualTo("bad_request");
    assertThat(json(r).getString("message")).contains(reason);
  }

  private static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static JsonObject doBelow(JsonObject answer) {
    return new JsonObject(rule(answer.getJsonArray("rules"), "do", "below"));
  }

  private static Map<String, Object> rule(JsonArray rules, String metric, String direction) {
    return rules.stream()
        .map(o -> (JsonObject) o)
        .filter(r -> r.getString("metric").equals(metric))
        .filter(r -> r.getString("direction").equals(direction))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + metric + " " + direction + " in " + rules))
        .getMap();
  }
}
