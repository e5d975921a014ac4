package vn.cantho.ioc.sim;

import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import vn.cantho.ioc.geo.Zone;

/**
 * Tells which zone a point belongs to, but only when exactly one zone covers it. Simplified
 * neighbouring boundaries may overlap by a hair; a device placed in such an overlap could be
 * attributed to either zone depending on the order in which a reader indexes them. Placing devices
 * only where ownership is unambiguous keeps every reader in agreement.
 */
final class ZoneOwnership {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private record Entry(Zone zone, PreparedGeometry prepared) {}

  private final STRtree tree = new STRtree();

  ZoneOwnership(List<Zone> zones) {
    for (Zone zone : zones) {
      tree.insert(
          zone.boundary().getEnvelopeInternal(),
          new Entry(zone, PreparedGeometryFactory.prepare(zone.boundary())));
    }
    tree.build();
  }

  /** The only zone covering the point, or empty when none or several do. */
  Optional<Zone> soleOwner(double lon, double lat) {
    Point point = GEOMETRY.createPoint(new Coordinate(lon, lat));
    Zone owner = null;
    for (Object candidate : tree.query(new Envelope(lon, lon, lat, lat))) {
      Entry entry = (Entry) candidate;
      if (entry.prepared().covers(point)) {
        if (owner != null) {
          return Optional.empty();
        }
        owner = entry.zone();
      }
    }
    return Optional.ofNullable(owner);
  }
}
