package vn.cantho.ioc.geo.crs;

import java.util.EnumMap;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Coordinates between WGS84 and a {@link GridCrs}, for points and for JTS geometries (zone,
 * corridor and pond files in VN-2000; exports asked for in it). x is longitude or easting, y
 * latitude or northing. proj4j's transforms keep scratch state, so each thread gets its own.
 */
public final class GridTransform {
  private static final CRSFactory CRS = new CRSFactory();
  private static final CoordinateTransformFactory TRANSFORMS = new CoordinateTransformFactory();
  private static final ThreadLocal<Map<GridCrs, CoordinateTransform[]>> CACHE =
      ThreadLocal.withInitial(() -> new EnumMap<>(GridCrs.class));

  private GridTransform() {}

  /** A point of {@code from} in WGS84 (longitude, latitude). */
  public static Coordinate toWgs84(GridCrs from, double x, double y) {
    return apply(transforms(from)[0], x, y);
  }

  /** A WGS84 point (longitude, latitude) in {@code to}. */
  public static Coordinate fromWgs84(GridCrs to, double lon, double lat) {
    return apply(transforms(to)[1], lon, lat);
  }

  /** A copy of the geometry with every coordinate taken from {@code from} to WGS84. */
  public static Geometry toWgs84(GridCrs from, Geometry geometry) {
    return transform(geometry, transforms(from)[0]);
  }

  /** A copy of a WGS84 geometry with every coordinate in {@code to}. */
  public static Geometry fromWgs84(GridCrs to, Geometry geometry) {
    return transform(geometry, transforms(to)[1]);
  }

  private static Geometry transform(Geometry geometry, CoordinateTransform transform) {
    Geometry copy = geometry.copy();
    copy.apply(
        new CoordinateSequenceFilter() {
          @Override
          public void filter(CoordinateSequence seq, int i) {
            Coordinate c = apply(transform, seq.getX(i), seq.getY(i));
            seq.setOrdinate(i, CoordinateSequence.X, c.x);
            seq.setOrdinate(i, CoordinateSequence.Y, c.y);
          }

          @Override
          public boolean isDone() {
            return false;
          }

          @Override
          public boolean isGeometryChanged() {
            return true;
          }
        });
    return copy;
  }

  private static Coordinate apply(CoordinateTransform transform, double x, double y) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("not a coordinate: " + x + ", " + y);
    }
    ProjCoordinate out = transform.transform(new ProjCoordinate(x, y), new ProjCoordinate());
    return new Coordinate(out.x, out.y);
  }

  /** [to WGS84, from WGS84] for one CRS, made once per thread. */
  private static CoordinateTransform[] transforms(GridCrs crs) {
    return CACHE
        .get()
        .computeIfAbsent(
            crs,
            c -> {
              CoordinateReferenceSystem grid = CRS.createFromParameters(c.code(), c.proj4());
              CoordinateReferenceSystem wgs84 =
                  CRS.createFromParameters(GridCrs.WGS84.code(), GridCrs.WGS84.proj4());
              return new CoordinateTransform[] {
                TRANSFORMS.createTransform(grid, wgs84), TRANSFORMS.createTransform(wgs84, grid)
              };
            });
  }
}
