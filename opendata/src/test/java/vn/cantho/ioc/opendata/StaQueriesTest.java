package vn.cantho.ioc.opendata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * Reads of an integrator's data: the query options together, geospatial filters, expansions with
 * their own options, paging by next links, properties, raw values and references.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaQueriesTest {
  private StaNode node;
  private long thing;
  private long stream;

  @BeforeAll
  void seed(Database db) throws Exception {
    node = new StaNode(db, PublicData.nothing(), List.of(), "query-integrator");
    // Other classes of this run share the database: start from no entities at all.
    try (var c = db.dataSource().getConnection()) {
      c.createStatement()
          .execute(
              "TRUNCATE sta_things, sta_locations, sta_sensors,"
                  + " sta_observed_properties, sta_features CASCADE");
    }
    var created =
        node.post(
            "/Things",
            "{\"name\":\"Cầu Cần Thơ\",\"description\":\"trạm\",\"properties\":{\"reference\":\"first\"},"
                + "\"Locations\":[{\"name\":\"Bến Ninh Kiều\",\"description\":\"d\","
                + "\"encodingType\":\"application/geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[105.787,10.034]}}],"
                + "\"Datastreams\":[{\"name\":\"Mực nước\",\"description\":\"d\",\"observationType\":\"m\","
                + "\"unitOfMeasurement\":{\"name\":\"cm\",\"symbol\":\"cm\",\"definition\":\"u\"},"
                + "\"Sensor\":{\"name\":\"Phao\",\"description\":\"d\",\"encodingType\":\"application/pdf\","
                + "\"metadata\":\"m\"},"
                + "\"ObservedProperty\":{\"name\":\"Mực nước\",\"definition\":\"urn:wl\",\"description\":\"d\"}}]}");
    assertEquals(201, created.statusCode(), created.body());
    thing = new JsonObject(created.body()).getLong("@iot.id");
    stream =
        json("/Things(" + thing + ")/Datastreams")
            .getJsonArray("value")
            .getJsonObject(0)
            .getLong("@iot.id");
    for (int i = 1; i <= 12; i++) {
      var r =
          node.post(
              "/Datastreams(" + stream + ")/Observations",
              "{\"phenomenonTime\":\"2015-03-"
                  + String.format("%02d", i)
                  + "T00:00:00Z\",\"result\":"
                  + i
                  + "}");
      assertEquals(201, r.statusCode(), r.body());
    }
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private JsonObject json(String path) throws Exception {
    return node.json(path);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void theQueryOptionsApplyInTheirOrderFilterCountOrderSkipTop() throws Exception {
    // The ets-sta10 check its own defect stops: a string literal compares results as text, so
    // 10, 11 and 12 are not "greater than '3'"; six remain, the third by time is 6.
    JsonObject page =
        json(
            "/Observations?$count=true&$top=1&$skip=2&$orderby="
                + q("phenomenonTime asc")
                + "&$filter="
                + q("result gt '3'"));
    assertEquals(6, page.getLong("@iot.count"));
    assertEquals(1, page.getJsonArray("value").size());
    assertEquals(6, page.getJsonArray("value").getJsonObject(0).getInteger("result"));
    assertEquals(
        9,
        json("/Observations?$count=true&$filter=" + q("result gt 3")).getLong("@iot.count"),
        "a number compares results as numbers");
  }

  @Test
  void nextLinksVisitEveryObservationOnceNewestFirst() throws Exception {
    List<Integer> seen = new ArrayList<>();
    String next = node.root() + "/Datastreams(" + stream + ")/Observations?$top=5";
    while (next != null) {
      JsonObject page = json(next.substring(node.root().length()));
      page.getJsonArray("value").forEach(o -> seen.add(((JsonObject) o).getInteger("result")));
      next = page.getString("@iot.nextLink");
    }
    assertEquals(List.of(12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1), seen);
  }

  @Test
  void geospatialFunctionsFindTheThingByItsLocation() throws Exception {
    String around = "geography'POLYGON((105.7 10.0,105.9 10.0,105.9 10.1,105.7 10.1,105.7 10.0))'";
    assertEquals(
        1,
        json("/Locations?$filter=" + q("st_within(location, " + around + ")"))
            .getJsonArray("value")
            .size());
    String far = "geography'POLYGON((106 11,107 11,107 12,106 12,106 11))'";
    assertEquals(
        0,
        json("/Locations?$filter=" + q("st_intersects(location, " + far + ")"))
            .getJsonArray("value")
            .size());
    assertEquals(
        1,
        json("/Locations?$filter="
                + q("geo.distance(location, geography'POINT(105.78 10.03)') lt 0.01"))
            .getJsonArray("value")
            .size());
    assertEquals(
        1,
        json("/Things?$filter=" + q("properties/reference eq 'first'"))
            .getJsonArray("value")
            .size(),
        "a JSON property path");
  }

  @Test
  void expansionsCarryTheirOwnOptionsAndNest() throws Exception {
    JsonObject t =
        json(
            "/Things("
                + thing
                + ")?$select=name,Datastreams&$expand="
                + q(
                    "Datastreams($select=name;$expand=Observations($top=2;$orderby=result desc),Sensor)"));
    assertEquals(
        Set.of("@iot.selfLink", "name", "Datastreams@iot.navigationLink", "Datastreams"),
        new HashSet<>(t.fieldNames()));
    JsonObject ds = t.getJsonArray("Datastreams").getJsonObject(0);
    JsonArray obs = ds.getJsonArray("Observations");
    assertEquals(
        List.of(12, 11),
        List.of(
            obs.getJsonObject(0).getInteger("result"), obs.getJsonObject(1).getInteger("result")));
    assertEquals("Phao", ds.getJsonObject("Sensor").getString("name"));
    assertFalse(ds.containsKey("description"), "the nested $select applies");
  }

  @Test
  void propertiesValuesAndReferences() throws Exception {
    assertEquals(new JsonObject().put("name", "Cầu Cần Thơ"), json("/Things(" + thing + ")/name"));
    var raw = node.get("/Things(" + thing + ")/name/$value");
    assertEquals("Cầu Cần Thơ", raw.body());
    JsonObject refs = json("/Things(" + thing + ")/Datastreams/$ref");
    assertEquals(Set.of("@iot.selfLink"), refs.getJsonArray("value").getJsonObject(0).fieldNames());
    assertEquals(404, node.get("/Things(999999)").statusCode());
    assertEquals(400, node.get("/Things?$filter=" + q("name eq")).statusCode());
    assertTrue(node.get("/Things?$top=10001").body().contains("10000"));
  }
}
