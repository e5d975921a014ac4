package vn.cantho.ioc.water.farm;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import vn.cantho.ioc.geo.GeoJsonGeometries;
import vn.cantho.ioc.geo.ZoneFormatException;
import vn.cantho.ioc.geo.crs.GeoJsonCrs;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.geo.crs.GridTransform;

/**
 * Checks a pond outline before it is stored: one valid GeoJSON Polygon in lon/lat inside the Mekong
 * delta's box, no larger than a farm can be. Gives the point the map pins the pond at.
 */
public final class PondPolygon {
  /** 0.01 square degrees is about 120 ha at 10° N: larger than any one pond. */
  private static final double MAX_AREA_DEG2 = 0.01;

  private PondPolygon() {}

  /**
   * The outline in WGS84, as it is stored: as given, or converted when its GeoJSON {@code crs}
   * member names VN-2000 (a pond file from a land office, in TM-3 105° metres, docs/vn2000.md), the
   * member then dropped (RFC 7946: WGS84 has none). A CRS the IOC does not read is a {@link
   * ZoneFormatException} naming it.
   */
  public static JsonNode inWgs84(JsonNode geojson) {
    GridCrs crs;
    try {
      crs = GeoJsonCrs.of(geojson);
    } catch (IllegalArgumentException e) {
      throw new ZoneFormatException(e.getMessage(), e);
    }
    if (crs == GridCrs.WGS84) {
      return geojson;
    }
    return GeoJsonGeometries.write(GridTransform.toWgs84(crs, GeoJsonGeometries.read(geojson)));
  }

  /** The pond's interior point, or a {@link ZoneFormatException} saying what is wrong. */
  public static Point check(JsonNode geojson) {
    Geometry g = GeoJsonGeometries.read(geojson);
    if (!(g instanceof Polygon)) {
      throw new ZoneFormatException("a pond is one Polygon");
    }
    if (!g.isValid()) {
      throw new ZoneFormatException("the pond polygon is not valid (self-intersecting?)");
    }
    if (g.getArea() > MAX_AREA_DEG2) {
      throw new ZoneFormatException("the pond polygon is larger than 120 ha");
    }
    var box = g.getEnvelopeInternal();
    if (box.getMinX() < 102 || box.getMaxX() > 110 || box.getMinY() < 8 || box.getMaxY() > 24) {
      throw new ZoneFormatException("the pond polygon is not in Viet Nam (lon/lat order?)");
    }
    return g.getInteriorPoint();
  }
}
