package vn.cantho.ioc.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * Converts GeoJSON (RFC 7946) Polygon and MultiPolygon geometries to JTS and back. Zones are areas,
 * so other geometry types are rejected rather than guessed at.
 */
public final class GeoJsonGeometries {
  /** WGS84, SRID 4326; GeoJSON coordinates are always lon/lat. */
  static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private GeoJsonGeometries() {}

  /** Reads a Polygon or MultiPolygon; anything else is a {@link ZoneFormatException}. */
  public static Geometry read(JsonNode geometry) {
    if (geometry == null || !geometry.isObject()) {
      throw new ZoneFormatException("geometry is missing");
    }
    String type = geometry.path("type").asText();
    JsonNode coordinates = geometry.path("coordinates");
    return switch (type) {
      case "Polygon" -> polygon(coordinates);
      case "MultiPolygon" -> {
        Polygon[] polygons = new Polygon[coordinates.size()];
        for (int i = 0; i < polygons.length; i++) {
          polygons[i] = polygon(coordinates.get(i));
        }
        yield FACTORY.createMultiPolygon(polygons);
      }
      default ->
          throw new ZoneFormatException(
              "geometry type '" + type + "' is not an area (Polygon or MultiPolygon expected)");
    };
  }

  /**
   * Writes a geometry as GeoJSON: the areas zones and ponds are, and the points and lines of what
   * the IOC exports (a device, an incident). Coordinates are written as they are, so a caller who
   * converted them to a grid names that grid in the file's {@code crs} member.
   */
  public static ObjectNode write(Geometry geometry) {
    ObjectNode node = JSON.objectNode();
    if (geometry instanceof Point point) {
      node.put("type", "Point");
      node.set("coordinates", JSON.arrayNode().add(point.getX()).add(point.getY()));
    } else if (geometry instanceof LineString line) {
      node.put("type", "LineString");
      node.set("coordinates", positions(line.getCoordinates()));
    } else if (geometry instanceof Polygon polygon) {
      node.put("type", "Polygon");
      node.set("coordinates", rings(polygon));
    } else if (geometry instanceof MultiPolygon multi) {
      node.put("type", "MultiPolygon");
      ArrayNode polygons = node.putArray("coordinates");
      for (int i = 0; i < multi.getNumGeometries(); i++) {
        polygons.add(rings((Polygon) multi.getGeometryN(i)));
      }
    } else {
      throw new IllegalArgumentException(
          "not a geometry the IOC writes: " + geometry.getGeometryType());
    }
    return node;
  }

  private static Polygon polygon(JsonNode rings) {
    if (!rings.isArray() || rings.isEmpty()) {
      throw new ZoneFormatException("a polygon needs at least one ring");
    }
    LinearRing shell = ring(rings.get(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(rings.get(i));
    }
    return FACTORY.createPolygon(shell, holes);
  }

  private static LinearRing ring(JsonNode positions) {
    if (!positions.isArray() || positions.size() < 4) {
      throw new ZoneFormatException("a polygon ring needs at least 4 positions");
    }
    Coordinate[] coordinates = new Coordinate[positions.size()];
    for (int i = 0; i < coordinates.length; i++) {
      JsonNode position = positions.get(i);
      if (!position.isArray()
          || position.size() < 2
          || !position.get(0).isNumber()
          || !position.get(1).isNumber()) {
        throw new ZoneFormatException("a position must be [lon, lat]");
      }
      coordinates[i] = new Coordinate(position.get(0).asDouble(), position.get(1).asDouble());
    }
    try {
      return FACTORY.createLinearRing(coordinates);
    } catch (IllegalArgumentException e) {
      throw new ZoneFormatException("a polygon ring is not closed", e);
    }
  }

  private static ArrayNode rings(Polygon polygon) {
    ArrayNode rings = JSON.arrayNode();
    rings.add(positions(polygon.getExteriorRing().getCoordinates()));
    for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
      rings.add(positions(polygon.getInteriorRingN(i).getCoordinates()));
    }
    return rings;
  }

  private static ArrayNode positions(Coordinate[] coordinates) {
    ArrayNode positions = JSON.arrayNode();
    for (Coordinate c : coordinates) {
      positions.addArray().add(c.x).add(c.y);
    }
    return positions;
  }
}
