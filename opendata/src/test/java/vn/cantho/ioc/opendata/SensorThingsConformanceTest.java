package vn.cantho.ioc.opendata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The OGC conformance suite for SensorThings 1.0, ets-sta10 release 1.5 from Maven Central, run
 * headless at conformance level 3 (sensing core, create-update-delete, filtering) against a node
 * that publishes nothing of its own: the suite deletes every entity of the service it tests. The
 * suite sends no credentials, so it reaches the node through a local proxy that adds an
 * integrator's gateway credential, as an integrator's own client would. The suite's exit code says
 * nothing about failures; its TestNG report does.
 */
@ExtendWith(PostgresExtension.class)
class SensorThingsConformanceTest {
  private static final Path SUITE = Path.of("target", "ets", "ets-sta10-aio.jar");

  /** Capability3Tests.checkQueriesPriorityOrdering, line 282 at tag 1.5: getString("result"). */
  static final String KNOWN_SUITE_DEFECT =
      "FAIL checkQueriesPriorityOrdering: An Exception occurred during testing!:\n"
          + "JSONObject[\"result\"] is not a string (class java.lang.Integer : 6).";

  @Test
  void etsSta10PassesAtLevelThreeWithNoFailure(Database db, @TempDir Path home) throws Exception {
    assertTrue(Files.isRegularFile(SUITE), "the suite's jar is copied by the build: " + SUITE);
    // The suite's pace, far above what one harvester may ask of the city's node.
    OpenDataFeature feature = new OpenDataFeature(PublicData.nothing(), 100_000.0);
    try (StaNode node = new StaNode(db, feature, List.of(), "ets-integrator", List.of(), true)) {
      // The suite's own instance: no entity of this run's other classes (they share the
      // database), or its final deletes would meet other owners' rows.
      try (var c = db.dataSource().getConnection()) {
        c.createStatement()
            .execute(
                "TRUNCATE sta_things, sta_locations, sta_sensors, sta_observed_properties,"
                    + " sta_features CASCADE");
      }
      seedOneOfEach(node);
      Vertx vertx = node.kit.vertx();
      HttpServer proxy = credentialProxy(vertx, node.kit.port(), node.basic());
      try {
        String iut = "http://127.0.0.1:" + proxy.actualPort() + "/sta/v1.0";
        Path props = home.resolve("test-run-props.xml");
        Files.writeString(
            props,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<properties version=\"1.0\">\n"
                + "<entry key=\"iut\">"
                + iut
                + "</entry>\n<entry key=\"ics\">3</entry>\n"
                + "</properties>\n");
        Path log = home.resolve("ets.log");
        Process suite =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-Duser.home=" + home,
                    "-jar",
                    SUITE.toAbsolutePath().toString(),
                    props.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(suite.waitFor(15, TimeUnit.MINUTES), "the suite finishes within 15 minutes");
        Path results = results(home, log);
        Element root = parse(results).getDocumentElement();
        List<String> failed = failures(root);
        // One check of ets-sta10 1.5 cannot pass against a numeric result: it reads the result of
        // its own numeric Observations with org.json 20240303's getString, which throws for a
        // number. It fails only in that read, after its count and ordering succeeded; the same
        // query is held to its expected answer in StaQueriesTest. Any other failure fails here.
        List<String> unexpected =
            failed.stream().filter(f -> !f.startsWith(KNOWN_SUITE_DEFECT)).toList();
        assertEquals(
            List.of(),
            unexpected,
            "ets-sta10 level 3 failures (" + results + "); writes refused: " + refused(db));
        assertTrue(
            Integer.parseInt(root.getAttribute("failed")) <= 1,
            "failed tests: " + root.getAttribute("failed"));
        assertEquals("0", root.getAttribute("skipped"), "skipped tests: every level must run");
        assertTrue(Integer.parseInt(root.getAttribute("passed")) >= 15, "tests passed");
      } finally {
        proxy.close().toCompletionStage().toCompletableFuture().join();
      }
    }
  }

  /**
   * The suite's precondition: at least one entity of each set. One deep insert makes a Thing with
   * its Location (and so a HistoricalLocation), a Datastream with its Sensor and ObservedProperty,
   * and an Observation whose FeatureOfInterest comes from the Location.
   */
  private static void seedOneOfEach(StaNode node) throws Exception {
    var created =
        node.post(
            "/Things",
            "{\"name\":\"Trạm mẫu\",\"description\":\"Seed\","
                + "\"Locations\":[{\"name\":\"Ninh Kiều\",\"description\":\"Bến\","
                + "\"encodingType\":\"application/geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[105.787,10.034]}}],"
                + "\"Datastreams\":[{\"name\":\"Mực nước\",\"description\":\"Seed\","
                + "\"observationType\":\""
                + "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"
                + "\",\"unitOfMeasurement\":{\"name\":\"centimetre\",\"symbol\":\"cm\","
                + "\"definition\":\"http://unitsofmeasure.org/ucum.html#cm\"},"
                + "\"Sensor\":{\"name\":\"Phao\",\"description\":\"Seed\","
                + "\"encodingType\":\"application/pdf\",\"metadata\":\"seed\"},"
                + "\"ObservedProperty\":{\"name\":\"Mực nước\",\"definition\":\"urn:seed\","
                + "\"description\":\"Seed\"},"
                + "\"Observations\":[{\"phenomenonTime\":\"2026-12-01T00:00:00Z\",\"result\":182}]}]}");
    assertEquals(201, created.statusCode(), created.body());
  }

  /** The reasons of the writes the node refused (quarantined), to tell why a check failed. */
  private static List<String> refused(Database db) throws Exception {
    List<String> out = new ArrayList<>();
    try (var c = db.dataSource().getConnection();
        var rs =
            c.createStatement()
                .executeQuery(
                    "SELECT topic, reason, convert_from(raw, 'UTF8') FROM quarantine"
                        + " WHERE source = 'sta' ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1) + ": " + rs.getString(2) + " ← " + rs.getString(3));
      }
    }
    return out;
  }

  private static Path results(Path home, Path log) throws Exception {
    try (Stream<Path> files = Files.walk(home)) {
      var found =
          files.filter(p -> p.getFileName().toString().equals("testng-results.xml")).findFirst();
      if (found.isEmpty()) {
        throw new AssertionError(
            "the suite wrote no results; its output:\n" + Files.readString(log));
      }
      return found.get();
    }
  }

  private static Document parse(Path results) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(results.toFile());
  }

  /** Each failed test method (configuration methods too) with its message. */
  private static List<String> failures(Element root) {
    List<String> out = new ArrayList<>();
    NodeList methods = root.getElementsByTagName("test-method");
    for (int i = 0; i < methods.getLength(); i++) {
      Element m = (Element) methods.item(i);
      if (!Set.of("FAIL", "SKIP").contains(m.getAttribute("status"))) {
        continue;
      }
      NodeList messages = m.getElementsByTagName("message");
      String message = messages.getLength() == 0 ? "" : messages.item(0).getTextContent().strip();
      out.add(
          m.getAttribute("status")
              + " "
              + m.getAttribute("name")
              + ": "
              + (message.length() > 600 ? message.substring(0, 600) + "…" : message));
    }
    return out;
  }

  /** Forwards everything to the node, Host header included, with the gateway's credential. */
  private static HttpServer credentialProxy(Vertx vertx, int target, String authorization) {
    HttpClient client = vertx.createHttpClient();
    return vertx
        .createHttpServer()
        .requestHandler(
            req ->
                req.body()
                    .compose(
                        body ->
                            client
                                .request(
                                    new RequestOptions()
                                        .setMethod(req.method())
                                        .setHost("127.0.0.1")
                                        .setPort(target)
                                        .setURI(req.uri()))
                                .compose(
                                    out -> {
                                      req.headers()
                                          .forEach(h -> out.putHeader(h.getKey(), h.getValue()));
                                      out.putHeader("Authorization", authorization);
                                      return out.send(body);
                                    }))
                    .compose(
                        resp ->
                            resp.body()
                                .map(
                                    b -> {
                                      req.response().setStatusCode(resp.statusCode());
                                      resp.headers()
                                          .forEach(
                                              h -> {
                                                if (!Set.of(
                                                        "content-length",
                                                        "transfer-encoding",
                                                        "connection")
                                                    .contains(
                                                        h.getKey()
                                                            .toLowerCase(java.util.Locale.ROOT))) {
                                                  req.response()
                                                      .putHeader(h.getKey(), h.getValue());
                                                }
                                              });
                                      return req.response().end(b);
                                    }))
                    .onFailure(
                        e -> {
                          if (!req.response().ended()) {
                            req.response()
                                .setStatusCode(502)
                                .end(
                                    Buffer.buffer(
                                        String.valueOf(e), StandardCharsets.UTF_8.name()));
                          }
                        }))
        .listen(0, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .join();
  }
}
