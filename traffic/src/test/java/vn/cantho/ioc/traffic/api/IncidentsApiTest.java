package vn.cantho.ioc.traffic.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.traffic.TrafficFeature;

/**
 * The incident routes on the real feature, kernel, API server and PostgreSQL: each workflow step
 * allowed and refused by role, the workflow's order, merging of reports, and commune scope.
 */
@ExtendWith(PostgresExtension.class)
class IncidentsApiTest {
  private static final String WARD = "31117";
  private static final String OTHER_WARD = "31120";
  private static final AtomicInteger SEGMENTS = new AtomicInteger();

  private static FeatureTestKit kit;
  private static String staff;
  private static String city;
  private static String ward;
  private static String otherWard;
  private static String viewer;
  private static String maintenance;

  @BeforeAll
  static void start(Database db) throws Exception {
    kit =
        new FeatureTestKit(
            db,
            List.of(new TrafficFeature()),
            List.of(),
            new ZoneIndex(List.of(box(WARD, 105.70), box(OTHER_WARD, 105.80))),
            Clock.systemUTC());
    staff = kit.token("tf-staff", Role.TRAFFIC_STAFF, List.of());
    city = kit.token("tf-city", Role.CITY_OPERATOR, List.of());
    ward = kit.token("tf-ward", Role.COMMUNE_OPERATOR, List.of(WARD));
    otherWard = kit.token("tf-other", Role.COMMUNE_OPERATOR, List.of(OTHER_WARD));
    viewer = kit.token("tf-viewer", Role.VIEWER, List.of());
    maintenance = kit.token("tf-maint", Role.MAINTENANCE, List.of());
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  private static Zone box(String id, double west) {
    return new Zone(
        id,
        "Phường " + id,
        "phuong",
        "Ward " + id,
        new GeometryFactory()
            .createPolygon(
                new Coordinate[] {
                  new Coordinate(west, 10.00),
                  new Coordinate(west + 0.1, 10.00),
                  new Coordinate(west + 0.1, 10.10),
                  new Coordinate(west, 10.10),
                  new Coordinate(west, 10.00)
                }),
        Map.of());
  }

  /** A report in the ward (lon 105.75) or the other ward (105.85) on its own segment. */
  private static JsonObject report(String segment, double lon, Instant at) {
    return new JsonObject()
        .put("kind", "accident")
        .put("severity", "high")
        .put("lon", lon)
        .put("lat", 10.05)
        .put("corridor", "duong-30-4")
        .put("direction", "ve-ninh-kieu")
        .put("segment", segment)
        .put("description", "Va chạm xe máy <b>gần cầu</b>")
        .put("observedAt", at.toString());
  }

  private static JsonObject open(double lon) throws Exception {
    String segment = "seg-" + SEGMENTS.incrementAndGet();
    HttpResponse<String> r =
        kit.post("/api/v1/traffic/incidents", staff, report(segment, lon, Instant.now()).encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static HttpResponse<String> move(long id, String to, String token) throws Exception {
    return kit.post(
        "/api/v1/traffic/incidents/" + id + "/transitions",
        token,
        new JsonObject().put("to", to).put("assignee", "tf-staff").encode());
  }

  @Test
  void staffWorkAnIncidentFromNewToCleared() throws Exception {
    long id = open(105.75).getLong("id");
    assertThat(new JsonObject(move(id, "verified", staff).body()).getString("status"))
        .isEqualTo("verified");
    assertThat(move(id, "dispatched", staff).statusCode()).isEqualTo(200);
    JsonObject cleared = new JsonObject(move(id, "cleared", staff).body());
    assertThat(cleared.getString("status")).isEqualTo("cleared");
    assertThat(cleared.getString("closedAt")).isNotNull();
    assertThat(cleared.getString("assignee")).isEqualTo("tf-staff");
    assertThat(move(id, "verified", staff).statusCode()).as("cleared is final").isEqualTo(409);

    JsonObject detail = new JsonObject(kit.get("/api/v1/traffic/incidents/" + id, staff).body());
    JsonArray timeline = detail.getJsonArray("timeline");
    assertThat(timeline.stream().map(e -> ((JsonObject) e).getString("to")).toList())
        .containsSubsequence("new", "verified", "dispatched", "cleared");
    assertThat(timeline.getJsonObject(1).getString("actor")).isEqualTo("tf-staff");
  }

  @Test
  void theWorkflowKeepsItsOrder() throws Exception {
    long id = open(105.75).getLong("id");
    assertThat(move(id, "dispatched", staff).statusCode()).isEqualTo(409);
    assertThat(move(id, "cleared", staff).statusCode()).isEqualTo(409);
    assertThat(move(id, "new", staff).statusCode()).isEqualTo(409);
    assertThat(move(id, "nonsense", staff).statusCode()).isEqualTo(400);
    assertThat(move(id, "false_alarm", city).statusCode()).isEqualTo(200);
    assertThat(move(id, "verified", city).statusCode()).as("false alarm is final").isEqualTo(409);
    assertThat(move(987_654_321L, "verified", staff).statusCode()).isEqualTo(404);
  }

  @Test
  void onlyTrafficStaffAndCityOperatorsWorkIncidents() throws Exception {
    long id = open(105.75).getLong("id");
    for (String refused : List.of(ward, viewer, maintenance)) {
      assertThat(move(id, "verified", refused).statusCode()).isEqualTo(403);
      assertThat(
              kit.post(
                      "/api/v1/traffic/incidents/" + id + "/comments",
                      refused,
                      new JsonObject().put("text", "x").encode())
                  .statusCode())
          .isEqualTo(403);
    }
    assertThat(move(id, "verified", null).statusCode()).isEqualTo(401);
    assertThat(
            kit.post(
                    "/api/v1/traffic/incidents",
                    viewer,
                    report("seg-viewer", 105.75, Instant.now()).encode())
                .statusCode())
        .isEqualTo(403);
    // Reading is for every signed-in role that sees the zone.
    assertThat(kit.get("/api/v1/traffic/incidents/" + id, viewer).statusCode()).isEqualTo(200);
    assertThat(kit.get("/api/v1/traffic/incidents/" + id, ward).statusCode()).isEqualTo(200);
    assertThat(new JsonObject(move(id, "verified", city).body()).getString("status"))
        .isEqualTo("verified");
  }

  @Test
  void reportsOnTheSameSegmentWithinFifteenMinutesMerge() throws Exception {
    String segment = "seg-merge-" + SEGMENTS.incrementAndGet();
    Instant t0 = Instant.parse("2026-10-05T01:00:00Z");
    JsonObject first = post(report(segment, 105.75, t0).put("source", "camera"));
    JsonObject second =
        post(report(segment, 105.75, t0.plus(Duration.ofMinutes(14))).put("source", "citizen"));
    assertThat(second.getBoolean("opened")).isFalse();
    assertThat(second.getLong("id")).isEqualTo(first.getLong("id"));
    assertThat(second.getInteger("reports")).isEqualTo(2);
    // 15 minutes after the latest report (not the first) still merges.
    JsonObject third =
        post(report(segment, 105.75, t0.plus(Duration.ofMinutes(29))).put("source", "citizen"));
    assertThat(third.getLong("id")).isEqualTo(first.getLong("id"));
    // 16 minutes after the latest: a new incident.
    JsonObject later =
        post(report(segment, 105.75, t0.plus(Duration.ofMinutes(45))).put("source", "camera"));
    assertThat(later.getBoolean("opened")).isTrue();
    assertThat(later.getLong("id")).isNotEqualTo(first.getLong("id"));
    // The other direction of the same road is another incident.
    JsonObject otherWay =
        post(
            report(segment, 105.75, t0.plus(Duration.ofMinutes(46)))
                .put("source", "camera")
                .put("direction", "ve-cai-rang"));
    assertThat(otherWay.getBoolean("opened")).isTrue();
    // A closed incident takes no more reports.
    move(later.getLong("id"), "false_alarm", staff);
    JsonObject afterClose =
        post(report(segment, 105.75, t0.plus(Duration.ofMinutes(47))).put("source", "camera"));
    assertThat(afterClose.getLong("id")).isNotEqualTo(later.getLong("id"));
  }

  @Test
  void reportsAreCheckedAndDetectionIsNoOnesToClaim() throws Exception {
    JsonObject r = report("seg-bad", 105.75, Instant.now());
    assertThat(
            kit.post("/api/v1/traffic/reports", staff, r.copy().put("source", "detection").encode())
                .statusCode())
        .isEqualTo(400);
    assertThat(
            kit.post(
                    "/api/v1/traffic/reports",
                    staff,
                    r.copy().put("source", "camera").put("kind", "meteor").encode())
                .statusCode())
        .isEqualTo(400);
    JsonObject noPlace = r.copy().put("source", "camera");
    noPlace.remove("lat");
    assertThat(kit.post("/api/v1/traffic/reports", staff, noPlace.encode()).statusCode())
        .isEqualTo(400);
    // A ward's operator takes a citizen's call in his ward, not in another.
    assertThat(
            kit.post("/api/v1/traffic/reports", ward, r.copy().put("source", "citizen").encode())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            kit.post(
                    "/api/v1/traffic/reports",
                    ward,
                    report("seg-x", 105.85, Instant.now()).put("source", "citizen").encode())
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void aCommuneOperatorSeesOnlyIncidentsOfHisZones() throws Exception {
    long mine = open(105.75).getLong("id");
    long theirs = open(105.85).getLong("id");
    JsonArray listed =
        new JsonObject(kit.get("/api/v1/traffic/incidents?limit=500", ward).body())
            .getJsonArray("items");
    List<Object> ids =
        listed.stream().map(i -> ((JsonObject) i).getLong("id")).map(Object.class::cast).toList();
    assertThat(ids).contains(mine).doesNotContain(theirs);
    assertThat(listed.stream().map(i -> ((JsonObject) i).getString("zoneId")).distinct().toList())
        .containsExactly(WARD);
    assertThat(kit.get("/api/v1/traffic/incidents/" + theirs, ward).statusCode()).isEqualTo(404);
    assertThat(kit.get("/api/v1/traffic/incidents/" + theirs, otherWard).statusCode())
        .isEqualTo(200);
    // Live messages go to the incident's zone, so the feed's zone scope applies to them.
    assertThat(kit.live())
        .filteredOn(m -> m.type().equals(IncidentsHandler.LIVE_TYPE))
        .filteredOn(m -> m.body().getJsonObject("incident").getLong("id") == theirs)
        .extracting(FeatureTestKit.LiveMessage::zoneId)
        .containsOnly(OTHER_WARD)
        .isNotEmpty();
  }

  /** A farmer's scope is his ponds: no incident is his, in the list, the detail or the KPIs. */
  @Test
  void aFarmerSeesNoIncident() throws Exception {
    String farmer = kit.token("tf-farmer", Role.FARMER, List.of(WARD));
    long id = open(105.75).getLong("id");
    assertThat(
            new JsonObject(kit.get("/api/v1/traffic/incidents?limit=500", farmer).body())
                .getJsonArray("items"))
        .isEmpty();
    assertThat(kit.get("/api/v1/traffic/incidents/" + id, farmer).statusCode()).isEqualTo(404);
    JsonObject byStatus =
        new JsonObject(kit.get("/api/v1/traffic/incidents/kpis", farmer).body())
            .getJsonObject("byStatus");
    assertThat(byStatus.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum())
        .isZero();
  }

  /**
   * The leaders' traffic indicators (issue 18) match the incident panel's KPIs for each ward and
   * the city, recomputed by the incident store's own query.
   */
  @Test
  void theLeadersIndicatorsMatchTheIncidentKpis() throws Exception {
    long inWard = open(105.75).getLong("id");
    open(105.85);
    move(inWard, "verified", staff);
    move(inWard, "dispatched", staff);
    move(inWard, "cleared", staff);
    java.util.Map<String, Double> measured = new java.util.HashMap<>();
    for (var source : kit.kpiSources()) {
      for (var v : source.measure(Instant.now())) {
        measured.put(v.kpi() + "|" + (v.zoneId() == null ? "" : v.zoneId()), v.value());
      }
    }
    for (var scope : java.util.Map.of(WARD, ward, OTHER_WARD, otherWard, "", city).entrySet()) {
      JsonObject kpis =
          new JsonObject(kit.get("/api/v1/traffic/incidents/kpis", scope.getValue()).body());
      JsonObject by = kpis.getJsonObject("byStatus");
      long open = by.getLong("new") + by.getLong("verified") + by.getLong("dispatched");
      assertThat(measured.get("traffic.incidents_open|" + scope.getKey()))
          .as(scope.getKey())
          .isEqualTo((double) open);
      Double toClear = kpis.getDouble("meanMinutesToClear");
      assertThat(measured.get("traffic.minutes_to_clear|" + scope.getKey()))
          .as(scope.getKey())
          .isEqualTo(toClear);
    }
    assertThat(measured.get("traffic.minutes_to_clear|" + WARD)).isNotNull();
  }

  @Test
  void filtersAndKpis() throws Exception {
    long id = open(105.75).getLong("id");
    move(id, "verified", staff);
    JsonObject verified =
        new JsonObject(
            kit.get(
                    "/api/v1/traffic/incidents?status=verified&kind=accident&corridor=duong-30-4",
                    staff)
                .body());
    assertThat(
            verified.getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("status"))
                .distinct()
                .toList())
        .containsExactly("verified");
    assertThat(kit.get("/api/v1/traffic/incidents?status=bogus", staff).statusCode())
        .isEqualTo(400);
    JsonObject kpis = new JsonObject(kit.get("/api/v1/traffic/incidents/kpis", staff).body());
    assertThat(kpis.getJsonObject("byStatus").getLong("verified")).isPositive();
    assertThat(kpis.getDouble("meanMinutesToVerify")).isNotNull().isGreaterThanOrEqualTo(0);
  }

  private static JsonObject post(JsonObject body) throws Exception {
    HttpResponse<String> r = kit.post("/api/v1/traffic/reports", staff, body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }
}
