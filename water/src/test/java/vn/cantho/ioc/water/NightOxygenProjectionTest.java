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

class NightOxygenProjectionTest {
  /** 22:00 in Can Tho. */
  private static final Instant LATE_EVENING = Instant.parse("2026-11-22T15:00:00Z");

  private static Reading oxygen(Instant ts, double value) {
    return new Reading("np-1", "do", ts, value, Quality.GOOD, "test");
  }

  @Test
  void anEveningDeclineIsExtrapolatedLogLinearlyToSevenInTheMorning() {
    NightOxygenProjection projection = new NightOxygenProjection();
    List<Reading> out = new ArrayList<>();
    // 8 mg/L at 22:00 losing 10 % an hour: at 07:00, nine hours after 22:00, 8 × 0.9^9 = 3.10.
    for (int m = 0; m <= 120; m += 10) {
      double hours = m / 60.0;
      out.addAll(
          projection.derive(
              List.of(oxygen(LATE_EVENING.plus(Duration.ofMinutes(m)), 8 * Math.pow(0.9, hours)))));
    }
    assertThat(out).as("two hours and six samples first").hasSize(1);
    Reading last = out.get(0);
    assertThat(last.metric()).isEqualTo(NightOxygenProjection.METRIC);
    assertThat(last.ts()).isEqualTo(LATE_EVENING.plus(Duration.ofHours(2)));
    assertThat(last.value()).isCloseTo(8 * Math.pow(0.9, 9), within(1e-6));
  }

  @Test
  void byDayAndWhenOxygenRisesThereIsNothingToExtrapolate() {
    NightOxygenProjection projection = new NightOxygenProjection();
    Instant noon = Instant.parse("2026-11-22T05:00:00Z");
    assertThat(projection.derive(List.of(oxygen(noon, 6.5))).get(0).value()).isEqualTo(6.5);

    NightOxygenProjection aerated = new NightOxygenProjection();
    List<Reading> out = new ArrayList<>();
    for (int m = 0; m <= 120; m += 10) {
      out.addAll(
          aerated.derive(List.of(oxygen(LATE_EVENING.plus(Duration.ofMinutes(m)), 4 + m / 100.0))));
    }
    assertThat(out.get(0).value()).as("rising: no lower than now").isCloseTo(5.2, within(1e-6));
  }
}
