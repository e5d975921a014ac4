package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

class DerivedReadingsTest {
  private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

  @Test
  void nh3ComesFromTheConcurrentPhAndTemperature() {
    List<Reading> derived =
        DerivedReadings.of(
            List.of(
                r("p1", "tan", T, 1.0),
                r("p1", "ph", T, 8.5),
                r("p1", "temp", T, 30),
                r("p2", "tan", T, 1.0),
                r("p2", "ph", T.plusSeconds(60), 8.5),
                r("p2", "temp", T, 30)));
    assertThat(derived).hasSize(1);
    Reading nh3 = derived.get(0);
    assertThat(nh3.deviceId()).isEqualTo("p1");
    assertThat(nh3.metric()).isEqualTo(DerivedReadings.NH3);
    assertThat(nh3.ts()).isEqualTo(T);
    assertThat(nh3.value()).isCloseTo(0.203, within(0.002));
  }

  @Test
  void brackishPondsUseTheirSalinity() {
    List<Reading> derived =
        DerivedReadings.of(
            List.of(
                r("s1", "tan", T, 1.0),
                r("s1", "ph", T, 8.0),
                r("s1", "temp", T, 30),
                r("s1", "salinity", T, 12)));
    assertThat(derived.get(0).value())
        .isCloseTo(Ammonia.unionisedFraction(Ammonia.pKaBrackish(30, 12), 8.0), within(1e-12));
  }

  @Test
  void messagesWithoutTanDeriveNothing() {
    assertThat(DerivedReadings.of(List.of(r("p1", "ph", T, 8.5), r("p1", "temp", T, 30))))
        .isEmpty();
  }

  private static Reading r(String device, String metric, Instant ts, double value) {
    return new Reading(device, metric, ts, value, Quality.GOOD, "mqtt");
  }
}
