package vn.cantho.ioc.opendata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/** An integrator's writes through {@code /sta/v1.0}: creates, links, updates and deletes. */
@ExtendWith(PostgresExtension.class)
class StaWritesTest {
  private StaNode node;

  @BeforeEach
  void start(Database db) throws Exception {
    node =
        new StaNode(
            db,
            PublicData.nothing(),
            List.of(),
            "integrator-" + UUID.randomUUID().toString().substring(0, 6));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private long create(String path, String json) throws Exception {
    var r = node.post(path, json);
    assertEquals(201, r.statusCode(), path + " " + json + " → " + r.body());
    String location = r.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(node.root()), location);
    return new JsonObject(r.body()).getLong("@iot.id");
  }

  @Test
  void createsAndUpdatesArePublishedOnTheOpenTopicsAsTheApiShowsThem() throws Exception {
    long thing = create("/Things", "{\"name\":\"Trạm\",\"description\":\"d\"}");
    var patched =
        node.send("PATCH", "/Things(" + thing + ")", "{\"name\":\"Trạm mới\"}", node.basic());
    assertEquals(200, patched.statusCode(), patched.body());
    java.util.Map<String, String> byTopic = new java.util.LinkedHashMap<>();
    node.published.forEach(e -> byTopic.put(e.getKey(), e.getValue()));
    assertEquals("Trạm", new JsonObject(node.published.get(0).getValue()).getString("name"));
    assertEquals("v1.0/Things", node.published.get(0).getKey(), "the set's subscribers hear it");
    assertEquals(
        new JsonObject().put("name", "Trạm mới"),
        new JsonObject(byTopic.get("v1.0/Things(" + thing + ")/name")),
        "a property's subscribers hear its new value");
    assertEquals(
        new JsonObject(patched.body()), new JsonObject(byTopic.get("v1.0/Things(" + thing + ")")));
  }

  @Test
  void observationsLinkToTheirStreamAndFeatureOrGetOneFromTheThingsLocation() throws Exception {
    long thing = create("/Things", "{\"name\":\"T\",\"description\":\"d\"}");
    long elsewhere =
        create(
            "/Locations",
            "{\"name\":\"bow river\",\"description\":\"d\",\"encodingType\":\"application/vnd.geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[-114.05,51.05]}}");
    var patched =
        node.send(
            "PATCH",
            "/Things(" + thing + ")",
            "{\"Locations\":[{\"@iot.id\":" + elsewhere + "}]}",
            node.basic());
    assertEquals(200, patched.statusCode(), patched.body());
    long location =
        create(
            "/Things(" + thing + ")/Locations",
            "{\"name\":\"L\",\"description\":\"d\",\"encodingType\":\"application/vnd.geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[-114.05,51.05]}}");
    long sensor =
        create(
            "/Sensors",
            "{\"name\":\"S\",\"description\":\"d\",\"encodingType\":\"application/pdf\","
                + "\"metadata\":\"m\"}");
    long property =
        create(
            "/ObservedProperties",
            "{\"name\":\"P\",\"definition\":\"urn:p\",\"description\":\"d\"}");
    long feature =
        create(
            "/FeaturesOfInterest",
            "{\"name\":\"F\",\"description\":\"d\",\"encodingType\":\"application/vnd.geo+json\","
                + "\"feature\":{\"type\":\"Point\",\"coordinates\":[10,10]}}");
    long stream =
        create(
            "/Datastreams",
            "{\"unitOfMeasurement\":{\"name\":\"Celsius\",\"symbol\":\"degC\",\"definition\":\"u\"},"
                + "\"name\":\"D\",\"description\":\"d\",\"observationType\":\"t\","
                + "\"Thing\":{\"@iot.id\":"
                + thing
                + "},\"ObservedProperty\":{\"@iot.id\":"
                + property
                + "},\"Sensor\":{\"@iot.id\":"
                + sensor
                + "}}");
    long withFeature =
        create(
            "/Observations",
            "{\"phenomenonTime\":\"2015-03-01T00:40:00.000Z\",\"result\":8,"
                + "\"Datastream\":{\"@iot.id\":"
                + stream
                + "},"
                + "\"FeatureOfInterest\":{\"@iot.id\":"
                + feature
                + "}}");
    long generated =
        create(
            "/Observations",
            "{\"phenomenonTime\":\"2015-03-01T00:00:00.000Z\",\"resultTime\":\"2015-03-01T01:00:00.000Z\","
                + "\"result\":100,\"Datastream\":{\"@iot.id\":"
                + stream
                + "}}");
    var own =
        new JsonObject(node.get("/Observations(" + withFeature + ")/FeatureOfInterest").body());
    assertEquals(feature, own.getLong("@iot.id"));
    var made =
        new JsonObject(node.get("/Observations(" + generated + ")/FeatureOfInterest").body());
    assertEquals("bow river", made.getString("name"), "a feature made from the Thing's Location");
    assertEquals(
        List.of(elsewhere, location),
        new JsonObject(node.get("/Things(" + thing + ")/Locations").body())
            .getJsonArray("value").stream().map(l -> ((JsonObject) l).getLong("@iot.id")).toList());
    assertEquals(
        2,
        new JsonObject(node.get("/Things(" + thing + ")/HistoricalLocations").body())
            .getJsonArray("value")
            .size(),
        "each change of Location records where the Thing is");
  }
}
