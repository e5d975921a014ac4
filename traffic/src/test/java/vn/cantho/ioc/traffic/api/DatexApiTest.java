package vn.cantho.ioc.traffic.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * {@code GET /api/v1/traffic/datex/situations} on the real feature, kernel, API server and
 * PostgreSQL: a publication valid against the DATEX II 3.1 schemas, for signed-in callers only, and
 * scoped like the incident list.
 */
@ExtendWith(PostgresExtension.class)
class DatexApiTest {
  private static final String PATH = "/api/v1/traffic/datex/situations";
  private static final String WARD = "31117";
  private static final String OTHER_WARD = "31120";

  private static FeatureTestKit kit;
  private static String staff;
  private static String city;
  private static String ward;

  @BeforeAll
  static void start(Database db) throws Exception {
    kit =
        new FeatureTestKit(
            db,
            List.of(new TrafficFeature()),
            List.of(),
            new ZoneIndex(List.of(box(WARD, 105.70), box(OTHER_WARD, 105.80))),
            Clock.systemUTC());
    staff = kit.token("dx-staff", Role.TRAFFIC_STAFF, List.of());
    city = kit.token("dx-city", Role.CITY_OPERATOR, List.of());
    ward = kit.token("dx-ward", Role.COMMUNE_OPERATOR, List.of(WARD));
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

  /** A staff report at that longitude on a segment of its own; its incident's DATEX id. */
  private static String open(double lon, String segment, String description) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("kind", "stalled_vehicle")
            .put("severity", "low")
            .put("lon", lon)
            .put("lat", 10.05)
            .put("segment", segment)
            .put("description", description)
            .put("observedAt", Instant.now().toString());
    HttpResponse<String> r = kit.post("/api/v1/traffic/incidents", staff, body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return "CanThoIOC-incident-" + new JsonObject(r.body()).getLong("id");
  }

  /** The publication the caller gets, checked against the schemas; its situations' ids. */
  private static List<String> published(String token) throws Exception {
    HttpResponse<String> r = kit.get(PATH, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(DatexExport.MEDIA_TYPE);
    DatexSchemas.validate(r.body());
    return DatexSchemas.situationIds(DatexSchemas.parse(r.body()));
  }

  @Test
  void signedInCallersGetAValidPublicationOfOpenIncidents() throws Exception {
    String id = open(105.75, "dx-seg-1", "Xe buýt chết máy trước chợ Xuân Khánh");
    assertThat(published(city)).contains(id);
    HttpResponse<String> r = kit.get(PATH, city);
    assertThat(r.body()).contains("Xe buýt chết máy trước chợ Xuân Khánh");

    long number = Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    HttpResponse<String> dismissed =
        kit.post(
            "/api/v1/traffic/incidents/" + number + "/transitions",
            staff,
            new JsonObject().put("to", "false_alarm").encode());
    assertThat(dismissed.statusCode()).as(dismissed.body()).isEqualTo(200);
    assertThat(published(city)).doesNotContain(id);
  }

  @Test
  void withoutATokenThereIsNoPublication() throws Exception {
    assertThat(kit.get(PATH, null).statusCode()).isEqualTo(401);
    assertThat(kit.get(PATH, "not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void aCommuneOperatorPublishesOnlyHisZonesIncidents() throws Exception {
    String mine = open(105.75, "dx-seg-2", "Trong phường");
    String theirs = open(105.85, "dx-seg-3", "Phường khác");
    assertThat(published(ward)).contains(mine).doesNotContain(theirs);
    assertThat(published(city)).contains(mine, theirs);
    // Whatever else is open (other tests share the database), the ward's publication places
    // nothing outside his ward's box.
    HttpResponse<String> r = kit.get(PATH, ward);
    assertThat(
            DatexSchemas.elements(
                    DatexSchemas.parse(r.body()).getDocumentElement(), DatexExport.LOC, "longitude")
                .stream()
                .map(e -> Double.parseDouble(e.getTextContent()))
                .toList())
        .isNotEmpty()
        .allSatisfy(lon -> assertThat(lon).isBetween(105.70, 105.80));
  }
}
