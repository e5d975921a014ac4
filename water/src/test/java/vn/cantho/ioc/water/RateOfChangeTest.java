package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

class RateOfChangeTest {
  private static final Instant T0 = Instant.parse("2026-11-22T13:00:00Z"); // 20:00 in Can Tho

  private static Reading r(String metric, Instant ts, double value) {
    return new Reading("rc-1", metric, ts, value, Quality.GOOD, "test");
  }

  @Test
  void aFallingOxygenGivesItsRatePerHourOverTheLastHalfHour() {
    RateOfChange rates = new RateOfChange();
    List<Reading> out = new ArrayList<>();
    for (int m = 0; m <= 45; m += 5) {
      // 6 mg/L falling 2 mg/L per hour; salinity steady.
      out.addAll(
          rates.derive(
              List.of(
                  r("do", T0.plus(Duration.ofMinutes(m)), 6 - 2 * m / 60.0),
                  r("salinity", T0.plus(Duration.ofMinutes(m)), 0.4),
                  r("ph", T0.plus(Duration.ofMinutes(m)), 7.5))));
    }
    List<Reading> doRates = out.stream().filter(x -> x.metric().equals("do_rate")).toList();
    assertThat(doRates.get(0).ts()).as("first once 15 min are seen").isEqualTo(T0.plusSeconds(900));
    assertThat(doRates).allSatisfy(x -> assertThat(x.value()).isCloseTo(-2.0, within(1e-9)));
    assertThat(out.stream().filter(x -> x.metric().equals("salinity_rate")))
        .allSatisfy(x -> assertThat(x.value()).isCloseTo(0.0, within(1e-9)));
    assertThat(out).noneMatch(x -> x.metric().startsWith("ph"));
  }

  @Test
  void lateAndImplausibleSamplesAreLeftOut() {
    RateOfChange rates = new RateOfChange();
    rates.derive(List.of(r("do", T0, 6)));
    assertThat(rates.derive(List.of(r("do", T0.plusSeconds(1200), 25)))).as("DO 25").isEmpty();
    assertThat(rates.derive(List.of(r("do", T0.minusSeconds(60), 7)))).as("late").isEmpty();
    assertThat(rates.derive(List.of(r("do", T0.plusSeconds(1800), 5))).get(0).value())
        .isCloseTo(-2.0, within(1e-9));
  }
}
