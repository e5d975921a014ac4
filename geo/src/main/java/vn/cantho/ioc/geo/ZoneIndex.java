package vn.cantho.ioc.geo;

import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Answers "which zone is this point in?" with an STR-tree over prepared polygons: the tree narrows
 * the candidates by bounding box, prepared geometries make the exact test cheap. Immutable and safe
 * to share between threads once built.
 */
public final class ZoneIndex {
  private final List<Zone> zones;
  private final STRtree tree = new STRtree();

  public ZoneIndex(List<Zone> zones) {
    this.zones = List.copyOf(zones);
    for (Zone zone : this.zones) {
      tree.insert(
          zone.boundary().getEnvelopeInternal(),
          new Entry(zone, PreparedGeometryFactory.prepare(zone.boundary())));
    }
    tree.build();
  }

  public List<Zone> zones() {
    return zones;
  }

  /** The zone that contains the point (boundary included), or empty outside every zone. */
  public Optional<Zone> locate(double lon, double lat) {
    Point point = GeoJsonGeometries.FACTORY.createPoint(new Coordinate(lon, lat));
    for (Object candidate : tree.query(new Envelope(lon, lon, lat, lat))) {
      Entry entry = (Entry) candidate;
      if (entry.prepared().covers(point)) {
        return Optional.of(entry.zone());
      }
    }
    return Optional.empty();
  }

  public Optional<Zone> byId(String id) {
    return zones.stream().filter(z -> z.id().equals(id)).findFirst();
  }

  private record Entry(Zone zone, PreparedGeometry prepared) {}
}
