package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.geo.Zone;

class ZoneOwnershipTest {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  // Two squares overlapping on the strip 1.0 ≤ lon ≤ 1.1.
  private final ZoneOwnership ownership =
      new ZoneOwnership(List.of(square("west", 0, 1.1), square("east", 1.0, 2)));

  @Test
  void namesTheOnlyZoneCoveringAPoint() {
    assertThat(ownership.soleOwner(0.5, 0.5)).map(Zone::id).contains("west");
    assertThat(ownership.soleOwner(1.5, 0.5)).map(Zone::id).contains("east");
  }

  @Test
  void refusesToChooseWhereZonesOverlap() {
    assertThat(ownership.soleOwner(1.05, 0.5)).isEmpty();
  }

  @Test
  void knowsNoOwnerOutsideEveryZone() {
    assertThat(ownership.soleOwner(5, 5)).isEmpty();
  }

  private static Zone square(String id, double minLon, double maxLon) {
    return new Zone(
        id, id, "xa", "", GEOMETRY.toGeometry(new Envelope(minLon, maxLon, 0, 1)), Map.of());
  }
}
