package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;

class SyntheticDevicesTest {
  private static final List<Zone> ZONES = DemoZones.load();

  @Test
  void theSameSeedGivesTheSameDevicesAndALargerCountOnlyAdds() {
    List<SyntheticDevices.Placed> small = SyntheticDevices.generate(ZONES, 500, 17);
    List<SyntheticDevices.Placed> large = SyntheticDevices.generate(ZONES, 1_000, 17);

    assertThat(SyntheticDevices.generate(ZONES, 500, 17)).isEqualTo(small);
    assertThat(large.subList(0, 500)).isEqualTo(small);
    assertThat(large.stream().map(p -> p.device().id()).collect(Collectors.toSet())).hasSize(1_000);
  }

  @Test
  void everyZoneGetsItsShareInsideItsBoundaryMostlyLamps() {
    int count = ZONES.size() * 20;
    List<SyntheticDevices.Placed> placed = SyntheticDevices.generate(ZONES, count, 17);
    Map<String, Zone> byId =
        ZONES.stream().collect(Collectors.toMap(Zone::id, Function.identity()));

    Set<String> zones = new HashSet<>();
    for (SyntheticDevices.Placed p : placed) {
      SimDevice d = p.device();
      zones.add(p.zoneId());
      assertThat(d.id()).startsWith(SyntheticDevices.ID_PREFIX);
      assertThat(d.reportIntervalS()).isEqualTo(SyntheticDevices.REPORT_INTERVAL_S);
      // Rounded to six decimals (about 10 cm): still on the zone's ground, within a metre.
      assertThat(
              byId.get(p.zoneId())
                  .boundary()
                  .isWithinDistance(
                      new org.locationtech.jts.geom.GeometryFactory()
                          .createPoint(new org.locationtech.jts.geom.Coordinate(d.lon(), d.lat())),
                      1e-5))
          .isTrue();
    }
    assertThat(zones).hasSize(ZONES.size());
    Map<String, Long> byDomain =
        placed.stream()
            .collect(Collectors.groupingBy(p -> p.device().domain(), Collectors.counting()));
    assertThat(byDomain.get("lighting")).isGreaterThan(count * 9L / 10);
    assertThat(byDomain).containsKeys("traffic", "water");
    // The node places devices by point in zone: a synthetic device lands where it was dealt.
    ZoneIndex index = new ZoneIndex(ZONES);
    long sameZone =
        placed.stream()
            .filter(
                p ->
                    index
                        .locate(p.device().lon(), p.device().lat())
                        .map(Zone::id)
                        .orElse("")
                        .equals(p.zoneId()))
            .count();
    assertThat(sameZone).isGreaterThan(count * 99L / 100);
  }
}
