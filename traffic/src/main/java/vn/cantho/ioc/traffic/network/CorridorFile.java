package vn.cantho.ioc.traffic.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.PrecisionModel;
import vn.cantho.ioc.geo.crs.GeoJsonCrs;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.geo.crs.GridTransform;

/**
 * Reads a city's corridor file: a GeoJSON FeatureCollection of corridors (LineString features with
 * {@code kind: "corridor"}, {@code id}, {@code name} and {@code directions}: code → {@code
 * "increasing"} or {@code "decreasing"} chainage) and stations (Point features with {@code kind:
 * "station"}, {@code id}, {@code corridor}, {@code direction}, {@code chainage_m}, {@code lanes}
 * and {@code devices}). A file with any error is refused whole, with every error named, so a
 * half-read network never replaces a good one.
 */
public final class CorridorFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);

  private CorridorFile() {}

  /**
   * The same corridor file with each listed station's {@code devices} replaced: how a registry's
   * detectors are tied to the stations of a city's file.
   */
  public static String tieDevices(String geojson, Map<String, List<String>> devicesByStation)
      throws IOException {
    JsonNode root = JSON.readTree(geojson);
    for (JsonNode f : root.path("features")) {
      List<String> devices = devicesByStation.get(f.at("/properties/id").asText());
      if ("station".equals(f.at("/properties/kind").asText()) && devices != null) {
        ArrayNode list = ((ObjectNode) f.path("properties")).putArray("devices");
        devices.forEach(list::add);
      }
    }
    return JSON.writeValueAsString(root);
  }

  /** Thrown for a file that is not a valid corridor file; the message lists every problem. */
  public static final class InvalidCorridorFile extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidCorridorFile(List<String> problems) {
      super(String.join("; ", problems));
    }
  }

  public static RoadNetwork read(String geojson) throws IOException {
    return read(new ByteArrayInputStream(geojson.getBytes(StandardCharsets.UTF_8)));
  }

  public static RoadNetwork read(InputStream in) throws IOException {
    JsonNode root = JSON.readTree(in);
    List<String> problems = new ArrayList<>();
    if (root == null || !"FeatureCollection".equals(root.path("type").asText())) {
      throw new InvalidCorridorFile(List.of("not a GeoJSON FeatureCollection"));
    }
    // A land office's file may be in the national grid VN-2000 (docs/vn2000.md).
    GridCrs crs;
    try {
      crs = GeoJsonCrs.of(root);
    } catch (IllegalArgumentException e) {
      throw new InvalidCorridorFile(List.of(e.getMessage()));
    }
    List<Corridor> corridors = new ArrayList<>();
    List<JsonNode> stationFeatures = new ArrayList<>();
    int index = 0;
    for (JsonNode f : root.path("features")) {
      String where = "feature " + index++;
      String kind = f.at("/properties/kind").asText();
      switch (kind) {
        case "corridor" -> corridor(f, where, crs, problems).ifPresent(corridors::add);
        case "station" -> stationFeatures.add(f);
        default -> problems.add(where + ": kind must be corridor or station, not '" + kind + "'");
      }
    }
    Map<String, Corridor> byId = new LinkedHashMap<>();
    for (Corridor c : corridors) {
      if (byId.putIfAbsent(c.id(), c) != null) {
        problems.add("corridor " + c.id() + " is defined twice");
      }
    }
    List<Station> stations = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode f : stationFeatures) {
      Station s = station(f, byId, crs, problems);
      if (s != null) {
        if (!ids.add(s.id())) {
          problems.add("station " + s.id() + " is defined twice");
        }
        stations.add(s);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidCorridorFile(problems);
    }
    return new RoadNetwork(corridors, stations);
  }

  private static java.util.Optional<Corridor> corridor(
      JsonNode f, String where, GridCrs crs, List<String> problems) {
    JsonNode p = f.path("properties");
    String id = p.path("id").asText();
    if (id.isBlank()) {
      problems.add(where + ": a corridor needs an id");
      return java.util.Optional.empty();
    }
    JsonNode geometry = f.path("geometry");
    if (!"LineString".equals(geometry.path("type").asText())
        || geometry.path("coordinates").size() < 2) {
      problems.add("corridor " + id + ": geometry must be a LineString of two points or more");
      return java.util.Optional.empty();
    }
    List<Coordinate> points = new ArrayList<>();
    for (JsonNode c : geometry.path("coordinates")) {
      points.add(wgs84(crs, c.path(0).asDouble(), c.path(1).asDouble()));
    }
    LineString line = GEOMETRY.createLineString(points.toArray(Coordinate[]::new));
    Map<String, Boolean> directions = new LinkedHashMap<>();
    p.path("directions")
        .fields()
        .forEachRemaining(
            e -> {
              switch (e.getValue().asText()) {
                case "increasing" -> directions.put(e.getKey(), true);
                case "decreasing" -> directions.put(e.getKey(), false);
                default ->
                    problems.add(
                        "corridor "
                            + id
                            + ": direction "
                            + e.getKey()
                            + " must be increasing or decreasing");
              }
            });
    if (directions.isEmpty()) {
      problems.add("corridor " + id + ": give its directions");
    }
    List<String> methods = new ArrayList<>();
    p.path("methods").forEach(m -> methods.add(m.asText()));
    Map<String, Map<String, Double>> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> method : p.path("parameters").properties()) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> v : method.getValue().properties()) {
        if (v.getValue().isNumber()) {
          values.put(v.getKey(), v.getValue().asDouble());
        } else {
          problems.add(
              "corridor "
                  + id
                  + ": parameter "
                  + method.getKey()
                  + "."
                  + v.getKey()
                  + " must be a number");
        }
      }
      parameters.put(method.getKey(), values);
    }
    return java.util.Optional.of(
        new Corridor(id, p.path("name").asText(id), line, directions, methods, parameters));
  }

  private static Station station(
      JsonNode f, Map<String, Corridor> corridors, GridCrs crs, List<String> problems) {
    JsonNode p = f.path("properties");
    String id = p.path("id").asText();
    String where = "station " + (id.isBlank() ? "(no id)" : id);
    int before = problems.size();
    if (id.isBlank()) {
      problems.add(where + ": a station needs an id");
    }
    Corridor corridor = corridors.get(p.path("corridor").asText());
    if (corridor == null) {
      problems.add(where + ": no corridor '" + p.path("corridor").asText() + "'");
    } else if (!corridor.directions().containsKey(p.path("direction").asText())) {
      problems.add(
          where
              + ": corridor "
              + corridor.id()
              + " has no direction '"
              + p.path("direction").asText()
              + "'");
    }
    if (!p.path("chainage_m").isNumber() || p.path("chainage_m").asDouble() < 0) {
      problems.add(where + ": chainage_m must be a distance in metres");
    }
    if (!p.path("lanes").canConvertToInt() || p.path("lanes").asInt() < 1) {
      problems.add(where + ": lanes must be a whole number of at least 1");
    }
    JsonNode point = f.path("geometry");
    if (!"Point".equals(point.path("type").asText())) {
      problems.add(where + ": geometry must be a Point");
    }
    if (problems.size() > before) {
      return null;
    }
    List<String> devices = new ArrayList<>();
    p.path("devices").forEach(d -> devices.add(d.asText()));
    Coordinate at =
        wgs84(crs, point.at("/coordinates/0").asDouble(), point.at("/coordinates/1").asDouble());
    return new Station(
        id,
        corridor.id(),
        p.path("direction").asText(),
        p.path("chainage_m").asDouble(),
        p.path("lanes").asInt(),
        at.x,
        at.y,
        devices);
  }

  /** A position of the file in WGS84 (longitude, latitude). */
  private static Coordinate wgs84(GridCrs crs, double x, double y) {
    return crs == GridCrs.WGS84 ? new Coordinate(x, y) : GridTransform.toWgs84(crs, x, y);
  }
}
