package vn.cantho.ioc.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

class ZoneIndexTest {
  private static ZoneIndex index;

  @BeforeAll
  static void loadDemoZones() {
    index = new ZoneIndex(DemoZones.load());
  }

  @Test
  void bundledFileHoldsAllCommunesAndWardsOfCanTho() {
    List<Zone> zones = index.zones();
    assertThat(zones).hasSize(103);
    assertThat(zones).filteredOn(z -> z.type().equals("phuong")).hasSize(31);
    assertThat(zones).filteredOn(z -> z.type().equals("xa")).hasSize(72);
  }

  @Test
  void pointInNinhKieuWardIsAssignedToIt() {
    // Bến Ninh Kiều riverside, units-2025.csv centroid of ward 31135
    assertThat(index.locate(105.77739, 10.03305)).map(Zone::name).contains("Phường Ninh Kiều");
  }

  @Test
  void pointInCaiKheWardIsAssignedToIt() {
    assertThat(index.locate(105.77956, 10.0545)).map(Zone::id).contains("31120");
  }

  @Test
  void pointsOutsideTheCityHaveNoZone() {
    assertThat(index.locate(106.70098, 10.77689)).isEmpty(); // Ho Chi Minh City centre
    assertThat(index.locate(106.9, 9.2)).isEmpty(); // South China Sea off Sóc Trăng
  }

  @Test
  void sampledPointsFallInsideTheirOwnZone() {
    SplittableRandom random = new SplittableRandom(42);
    for (Zone zone : index.zones()) {
      Coordinate c = new ZoneSampler(zone).randomPoint(random);
      assertThat(index.locate(c.x, c.y)).map(Zone::id).contains(zone.id());
    }
  }
}
