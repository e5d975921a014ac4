package vn.cantho.ioc.opendata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.water.WaterFeature;

/**
 * What the city publishes through {@code /sta}: its own public devices, water quality as hourly
 * means, lamps raw; never a farm, pond, owner, user or device kept back, whatever is asked; and an
 * integrator's readings for a city device go through ingest.
 */
@ExtendWith(PostgresExtension.class)
class StaPublicDataTest {
  private static final Domain WATER = Domain.of("water");

  private String run;
  private StaNode node;
  private Device station;
  private Device lamp;
  private Device pondProbe;
  private Device keptBack;
  private String farmer;
  private Database db;

  @BeforeEach
  void start(Database db) throws Exception {
    this.db = db;
    run = UUID.randomUUID().toString().substring(0, 6);
    farmer = "farmer-" + run;
    station =
        new Device(
            "ws-" + run, WATER, "wq-station", "Trạm Cái Răng " + run, 105.78, 10.0, "31120", 300);
    lamp =
        new Device(
            "lamp-" + run,
            Domain.LIGHTING,
            "streetlight",
            "Đèn " + run,
            105.77,
            10.03,
            "31120",
            300);
    pondProbe =
        new Device(
            "fp-" + run, WATER, "wq-probe", "Đầu dò ao " + run, 105.6, 10.1, "31147", 300, farmer);
    keptBack =
        new Device(
            "lampx-" + run,
            Domain.LIGHTING,
            "streetlight",
            "Đèn riêng " + run,
            105.7,
            10.0,
            "31120",
            300);
    PublicData published =
        new PublicData(
            Set.of("water", "lighting"), Set.of("water"), Set.of(keptBack.id()), Set.of());
    node =
        new StaNode(
            db,
            new OpenDataFeature(published),
            List.of(new WaterFeature()),
            List.of(station, lamp, pondProbe, keptBack),
            "gw-" + run,
            List.of(lamp.id()),
            false);
    node.kit.token(farmer, Role.FARMER, List.of());
    try (var c = db.dataSource().getConnection();
        var farm =
            c.prepareStatement(
                "INSERT INTO farms (id, owner, name, zone_id) VALUES (?, ?, ?, '31147')");
        var pond =
            c.prepareStatement(
                "INSERT INTO ponds (id, farm_id, name, profile, lon, lat, zone_id)"
                    + " VALUES (?, ?, ?, 'pangasius_pond', 105.6, 10.1, '31147')")) {
      farm.setString(1, "farm-" + run);
      farm.setString(2, farmer);
      farm.setString(3, "Trại tôm Út Mười " + run);
      farm.executeUpdate();
      pond.setString(1, "pond-" + run);
      pond.setString(2, "farm-" + run);
      pond.setString(3, "Ao bí mật " + run);
      pond.executeUpdate();
    }
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private JsonObject json(String path) throws Exception {
    return node.json(path);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void store(Device d, String metric, Instant ts, double value) throws Exception {
    node.pipeline
        .submit(List.of(new Reading(d.id(), metric, ts, value, Quality.GOOD, "test")))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }

  /** This run's Things: each one's device id. */
  private Set<String> ourThings() throws Exception {
    Set<String> ids = new TreeSet<>();
    JsonArray things =
        json("/Things?$top=10000&$filter=" + q("substringof('" + run + "', name)"))
            .getJsonArray("value");
    things.forEach(
        t -> ids.add(((JsonObject) t).getJsonObject("properties").getString("deviceId")));
    return ids;
  }

  @Test
  void noFarmPondOwnerUserOrKeptBackDeviceIsReachableByAnyQueryExpandOrFilter() throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    store(pondProbe, "ph", hour.plusSeconds(60), 7.1);
    store(keptBack, "power", hour.plusSeconds(60), 90);
    store(lamp, "power", hour.plusSeconds(60), 80);
    assertEquals(Set.of(station.id(), lamp.id()), ourThings());

    List<String> secrets =
        List.of(
            farmer,
            "farm-" + run,
            "pond-" + run,
            "Trại tôm Út Mười",
            "Ao bí mật",
            pondProbe.id(),
            pondProbe.name(),
            keptBack.id(),
            keptBack.name());
    List<String> queries = new ArrayList<>();
    for (var set : vn.cantho.ioc.opendata.sta.EntitySet.values()) {
      String all = "/" + set.plural + "?$top=10000";
      queries.add(all);
      for (var n : set.navigations()) {
        String deep =
            n.target().navigations().stream()
                .map(m -> n.name() + "/" + m.name())
                .reduce((a, b) -> a + "," + b)
                .orElse(n.name());
        queries.add(all + "&$expand=" + q(deep));
      }
      for (String secret : secrets) {
        if (set.property("name").isPresent()) {
          queries.add(all + "&$filter=" + q("substringof('" + secret + "', name)"));
        }
        if (set.property("properties").isPresent()) {
          queries.add(all + "&$filter=" + q("properties/deviceId eq '" + secret + "'"));
          queries.add(all + "&$filter=" + q("properties/owner eq '" + secret + "'"));
        }
      }
    }
    // A filter that tries to leave its expression: refused or harmless, never the farm.
    queries.add("/Things?$filter=" + q("name eq 'x'') OR 1=1 --'"));
    for (String query : queries) {
      var r = node.get(query);
      assertTrue(r.statusCode() == 200 || r.statusCode() == 400, query + " → " + r.statusCode());
      for (String secret : secrets) {
        assertFalse(r.body().contains(secret), query + " shows " + secret);
      }
    }
    // Every entity by id, even ones the lists do not show.
    for (var set : vn.cantho.ioc.opendata.sta.EntitySet.values()) {
      for (long id = 1; id <= 200; id++) {
        var r =
            node.get(
                "/" + set.plural + "(" + id + ")?$expand=" + q(set.navigations().get(0).name()));
        for (String secret : secrets) {
          assertFalse(r.body().contains(secret), set.plural + "(" + id + ") shows " + secret);
        }
      }
    }
  }

  @Test
  void waterQualityGoesOutAsHourlyMeansAndLampsRaw() throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
    store(station, "ph", hour.plusSeconds(5 * 60), 7.0);
    store(station, "ph", hour.plusSeconds(25 * 60), 7.2);
    store(station, "ph", hour.plusSeconds(45 * 60), 7.7);
    store(lamp, "power", hour.plusSeconds(60), 80);
    store(lamp, "power", hour.plusSeconds(120), 82);
    long ph = stream(station, "pH");
    JsonArray means = json("/Datastreams(" + ph + ")/Observations").getJsonArray("value");
    assertEquals(1, means.size(), means.encode());
    JsonObject mean = means.getJsonObject(0);
    assertEquals((7.0 + 7.2 + 7.7) / 3, mean.getDouble("result"), 1e-9);
    assertEquals(3, mean.getJsonObject("parameters").getInteger("count"));
    assertTrue(mean.getString("phenomenonTime").contains("/"), "an hour, not an instant");
    JsonObject unit = json("/Datastreams(" + ph + ")").getJsonObject("unitOfMeasurement");
    assertEquals("[pH]", unit.getString("symbol"), "UCUM");

    long power = stream(lamp, "Công suất");
    JsonArray raw = json("/Datastreams(" + power + ")/Observations").getJsonArray("value");
    assertEquals(
        List.of(82.0, 80.0),
        List.of(
            raw.getJsonObject(0).getDouble("result"), raw.getJsonObject(1).getDouble("result")));
    long id = raw.getJsonObject(1).getLong("@iot.id");
    assertEquals(
        80.0, json("/Observations(" + id + ")").getDouble("result"), "a reading by its id");
    assertEquals(
        lamp.name(), json("/Observations(" + id + ")/FeatureOfInterest").getString("name"));
  }

  /** The stream of a device whose ObservedProperty has this name. */
  private long stream(Device d, String property) throws Exception {
    JsonArray streams =
        json("/Datastreams?$filter="
                + q(
                    "Thing/properties/deviceId eq '"
                        + d.id()
                        + "' and ObservedProperty/name eq '"
                        + property
                        + "'"))
            .getJsonArray("value");
    assertEquals(1, streams.size(), d.id() + " " + property + ": " + streams.encode());
    return streams.getJsonObject(0).getLong("@iot.id");
  }

  @Test
  void anIntegratorsReadingForACityDeviceGoesThroughIngest() throws Exception {
    long power = stream(lamp, "Công suất");
    String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30).toString();
    var created =
        node.post(
            "/Datastreams(" + power + ")/Observations",
            "{\"phenomenonTime\":\"" + at + "\",\"result\":95}");
    assertEquals(201, created.statusCode(), created.body());
    try (var c = db.dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "SELECT value, source FROM readings WHERE device_id = ? AND metric = 'power'")) {
      ps.setString(1, lamp.id());
      try (var rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(95.0, rs.getDouble(1));
        assertEquals("sta", rs.getString(2));
      }
    }
    var refused = node.post("/Datastreams(" + power + ")/Observations", "{\"result\":99999}");
    assertEquals(400, refused.statusCode(), refused.body());
    try (var c = db.dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "SELECT reason FROM quarantine WHERE device_id = ? ORDER BY id DESC LIMIT 1")) {
      ps.setString(1, lamp.id());
      try (var rs = ps.executeQuery()) {
        assertTrue(rs.next(), "quarantined");
        assertTrue(refused.body().contains(rs.getString(1)), refused.body());
      }
    }
    long ph = stream(station, "pH");
    assertEquals(
        403,
        node.post("/Datastreams(" + ph + ")/Observations", "{\"result\":7}").statusCode(),
        "a gateway sends only for its devices");
    assertEquals(
        401,
        node.send("POST", "/Datastreams(" + power + ")/Observations", "{\"result\":7}", null)
            .statusCode());
    long thing = json("/Datastreams(" + power + ")/Thing").getLong("@iot.id");
    assertEquals(
        403,
        node.send("PATCH", "/Things(" + thing + ")", "{\"name\":\"x\"}", node.basic()).statusCode(),
        "the city's own entities change only with its registry");
    assertEquals(
        403, node.send("DELETE", "/Things(" + thing + ")", null, node.basic()).statusCode());
  }
}
