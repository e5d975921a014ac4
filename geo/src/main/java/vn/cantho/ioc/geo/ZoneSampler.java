package vn.cantho.ioc.geo;

import java.util.random.RandomGenerator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/** Draws uniformly random points inside a zone, for placing simulated devices. */
public final class ZoneSampler {
  private static final int MAX_TRIES = 10_000;

  private final Zone zone;
  private final PreparedGeometry prepared;
  private final Envelope envelope;

  public ZoneSampler(Zone zone) {
    this.zone = zone;
    this.prepared = PreparedGeometryFactory.prepare(zone.boundary());
    this.envelope = zone.boundary().getEnvelopeInternal();
  }

  public Zone zone() {
    return zone;
  }

  /** Rejection sampling in the bounding box: uniform over the area, cheap for compact zones. */
  public Coordinate randomPoint(RandomGenerator random) {
    for (int i = 0; i < MAX_TRIES; i++) {
      double lon = envelope.getMinX() + random.nextDouble() * envelope.getWidth();
      double lat = envelope.getMinY() + random.nextDouble() * envelope.getHeight();
      Coordinate c = new Coordinate(lon, lat);
      if (prepared.containsProperly(GeoJsonGeometries.FACTORY.createPoint(c))) {
        return c;
      }
    }
    throw new IllegalStateException("could not place a point inside zone " + zone.id());
  }
}
