package vn.cantho.ioc.geo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import vn.cantho.ioc.geo.crs.GeoJsonCrs;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.geo.crs.GridTransform;

/**
 * Reads and writes zones as a GeoJSON FeatureCollection, so any city's official GIS layer can
 * replace the bundled demo boundaries.
 *
 * <p>A feature's id is taken from the property {@code code}, else {@code id}, else the feature's
 * own {@code id}; its name from {@code name}. Everything else is kept as properties.
 */
public final class GeoJsonZones {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> PROPERTIES = new TypeReference<>() {};

  private GeoJsonZones() {}

  public static List<Zone> read(InputStream in) {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ZoneFormatException("not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return read(root);
  }

  public static List<Zone> read(String json) {
    try {
      return read(MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new ZoneFormatException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static List<Zone> read(JsonNode root) {
    if (root == null || !"FeatureCollection".equals(root.path("type").asText())) {
      throw new ZoneFormatException("a GeoJSON FeatureCollection is expected");
    }
    GridCrs crs = crsOf(root);
    List<Zone> zones = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode feature : root.path("features")) {
      Zone zone = readFeature(feature, index, crs);
      if (!ids.add(zone.id())) {
        throw new ZoneFormatException("feature " + index + ": duplicate zone id " + zone.id());
      }
      zones.add(zone);
      index++;
    }
    if (zones.isEmpty()) {
      throw new ZoneFormatException("the FeatureCollection has no features");
    }
    return List.copyOf(zones);
  }

  private static GridCrs crsOf(JsonNode root) {
    try {
      return GeoJsonCrs.of(root);
    } catch (IllegalArgumentException e) {
      throw new ZoneFormatException(e.getMessage(), e);
    }
  }

  /** The boundary in WGS84: converted from the file's grid, then checked to be degrees. */
  private static Geometry toWgs84(Geometry boundary, GridCrs crs) {
    Geometry wgs84 = crs == GridCrs.WGS84 ? boundary : GridTransform.toWgs84(crs, boundary);
    for (Coordinate c : wgs84.getCoordinates()) {
      if (Math.abs(c.x) > 180 || Math.abs(c.y) > 90) {
        throw new ZoneFormatException(
            "a position ["
                + c.x
                + ", "
                + c.y
                + "] is not a longitude and latitude: metres of a grid need a crs member naming"
                + " it, e.g. urn:ogc:def:crs:EPSG::5897 (VN-2000 / TM-3 105°00′)");
      }
    }
    return wgs84;
  }

  private static Zone readFeature(JsonNode feature, int index, GridCrs crs) {
    JsonNode props = feature.path("properties");
    String id = firstText(props.path("code"), props.path("id"), feature.path("id"));
    String name = firstText(props.path("name"), props.path("ten"));
    if (id == null || name == null) {
      throw new ZoneFormatException(
          "feature " + index + ": needs an id (property code or id) and a name (property name)");
    }
    try {
      Map<String, Object> properties =
          props.isObject() ? MAPPER.convertValue(props, PROPERTIES) : Map.of();
      return new Zone(
          id,
          name,
          textOrNull(props.path("type")),
          textOrNull(props.path("name_en")),
          toWgs84(GeoJsonGeometries.read(feature.path("geometry")), crs),
          properties);
    } catch (ZoneFormatException e) {
      throw new ZoneFormatException("feature " + index + " (" + id + "): " + e.getMessage(), e);
    }
  }

  /** Writes zones as a FeatureCollection; {@code extra} members are added at the top level. */
  public static String write(List<Zone> zones, Map<String, String> extra) {
    return write(zones, extra, GridCrs.WGS84);
  }

  /**
   * The same in a grid: coordinates converted from WGS84 and the grid named in a {@code crs}
   * member, which {@link #read} understands.
   */
  public static String write(List<Zone> zones, Map<String, String> extra, GridCrs crs) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", "FeatureCollection");
    extra.forEach(root::put);
    GeoJsonCrs.name(root, crs);
    ArrayNode features = root.putArray("features");
    for (Zone zone : zones) {
      ObjectNode feature = features.addObject();
      feature.put("type", "Feature");
      feature.put("id", zone.id());
      ObjectNode props = MAPPER.valueToTree(zone.properties());
      props.put("id", zone.id());
      props.put("name", zone.name());
      props.put("type", zone.type());
      props.put("name_en", zone.nameEn());
      feature.set("properties", props);
      feature.set(
          "geometry",
          GeoJsonGeometries.write(
              crs == GridCrs.WGS84
                  ? zone.boundary()
                  : GridTransform.fromWgs84(crs, zone.boundary())));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstText(JsonNode... candidates) {
    for (JsonNode candidate : candidates) {
      String text = textOrNull(candidate);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String textOrNull(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
      return null;
    }
    String text = node.asText().strip();
    return text.isEmpty() ? null : text;
  }
}
