package vn.cantho.ioc.sim.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

class TideModelTest {
  private static final LocalDate NEW_MOON = LocalDate.of(2026, 10, 10);
  private static final LocalDate FIRST_QUARTER = LocalDate.of(2026, 10, 18);
  private static final LocalDate FULL_MOON = LocalDate.of(2026, 10, 26);

  private final TideModel canTho = new TideModel(FloodGauges.CAN_THO);

  @Test
  void springTidesAfterNewAndFullMoonPeakBetween190And210() {
    for (LocalDate syzygy : List.of(NEW_MOON, FULL_MOON)) {
      for (int after = 1; after <= 3; after++) {
        LocalDate day = syzygy.plusDays(after);
        assertThat(dailyMax(canTho, day)).as("%s", day).isBetween(190.0, 210.0);
      }
    }
  }

  @Test
  void neapTidesAfterTheFirstQuarterPeakClearlyLower() {
    double lowestSpring =
        List.of(11, 12, 13, 27, 28, 29).stream()
            .mapToDouble(d -> dailyMax(canTho, LocalDate.of(2026, 10, d)))
            .min()
            .orElseThrow();
    for (int after = 1; after <= 3; after++) {
      LocalDate day = FIRST_QUARTER.plusDays(after);
      assertThat(dailyMax(canTho, day)).as("%s", day).isBetween(140.0, 175.0);
      assertThat(dailyMax(canTho, day)).isLessThan(lowestSpring - 25);
    }
  }

  @Test
  void springDaysHaveAHigherEveningAndALowerMorningHighWater() {
    int asReported = 0;
    int days = 0;
    for (LocalDate syzygy : List.of(NEW_MOON, FULL_MOON)) {
      for (int after = 1; after <= 3; after++) {
        days++;
        List<HighWater> hw = highWatersOn(canTho, syzygy.plusDays(after));
        if (hw.size() != 2) {
          continue;
        }
        HighWater morning = hw.get(0);
        HighWater evening = hw.get(1);
        asReported +=
            hour(morning) >= 5
                    && hour(morning) < 8
                    && hour(evening) >= 17
                    && hour(evening) < 20
                    && evening.levelCm() > morning.levelCm()
                ? 1
                : 0;
      }
    }
    assertThat(asReported).as("spring days out of %d", days).isGreaterThanOrEqualTo(days - 1);
  }

  @Test
  void lowWatersStayWellBelowOneMetre() {
    Instant from = local(LocalDate.of(2026, 10, 1), 0);
    for (int day = 0; day < 31; day++) {
      double min = Double.POSITIVE_INFINITY;
      for (int minute = 0; minute < 24 * 60; minute += 10) {
        min = Math.min(min, canTho.levelCm(from.plus(Duration.ofMinutes(day * 1440L + minute))));
      }
      assertThat(min).isLessThan(80);
    }
  }

  @Test
  void withoutTheRecordScenarioNothingReaches215InOctober() {
    assertThat(maxOver(canTho, october())).isLessThan(215);
  }

  @Test
  void theRecordEveningReaches227NearSevenPm() {
    TideModel record =
        new TideModel(
            FloodGauges.CAN_THO, TideModel.DEFAULT_SEED, TideScenario.RECORD_OCTOBER_2026);
    Instant from = local(LocalDate.of(2026, 10, 12), 15);
    HighWater peak =
        FloodTruth.highWaters(FloodGauges.CAN_THO, record, from, from.plus(Duration.ofHours(8)))
            .stream()
            .max(Comparator.comparingDouble(HighWater::levelCm))
            .orElseThrow();

    assertThat(peak.levelCm()).isCloseTo(227.0, within(1.0));
    assertThat(CanThoTime.hourOfDay(peak.at())).isBetween(18.25, 19.75);
    // The surge is only that evening's: the rest of October is as without it.
    Instant[] afterwards = {
      local(LocalDate.of(2026, 10, 14), 0), local(LocalDate.of(2026, 11, 1), 0)
    };
    assertThat(maxOver(record, afterwards)).isLessThan(215);
  }

  @Test
  void canalGaugesCrossTheirAlarmLevelIiiByAFewCmOnSomeOctoberDays() {
    for (TideGauge gauge : List.of(FloodGauges.PHUNG_HIEP, FloodGauges.VI_THANH)) {
      TideModel model = new TideModel(gauge);
      int daysAbove = 0;
      for (int d = 1; d <= 31; d++) {
        double max = dailyMax(model, LocalDate.of(2026, 10, d));
        daysAbove += max >= gauge.bd3() ? 1 : 0;
        assertThat(max).as("%s on %d Oct", gauge.id(), d).isLessThan(gauge.bd3() + 10);
      }
      assertThat(daysAbove).as(gauge.id()).isBetween(1, 10);
    }
  }

  @Test
  void theSameSeedGivesTheSameLevelsAndAnotherSeedOtherWeather() {
    TideModel again =
        new TideModel(FloodGauges.CAN_THO, TideModel.DEFAULT_SEED, TideScenario.ORDINARY);
    TideModel other = new TideModel(FloodGauges.CAN_THO, 7, TideScenario.ORDINARY);
    Instant from = local(LocalDate.of(2026, 10, 1), 0);
    double windDifference = 0;
    double rainDifference = 0;
    for (int hour = 0; hour < 31 * 24; hour++) {
      Instant t = from.plus(Duration.ofHours(hour));
      assertThat(again.levelCm(t)).isEqualTo(canTho.levelCm(t));
      assertThat(other.astronomicalCm(t)).isEqualTo(canTho.astronomicalCm(t));
      windDifference = Math.max(windDifference, Math.abs(other.windCm(t) - canTho.windCm(t)));
      rainDifference = Math.max(rainDifference, Math.abs(other.rainCm(t) - canTho.rainCm(t)));
    }
    assertThat(windDifference).isGreaterThan(1);
    assertThat(rainDifference).isGreaterThan(1);
  }

  @Test
  void theUpstreamFloodRaisesTheMeanFromAugustToEarlyDecember() {
    assertThat(canTho.seasonalCm(local(LocalDate.of(2026, 7, 15), 12))).isZero();
    assertThat(canTho.seasonalCm(local(LocalDate.of(2026, 10, 15), 0)))
        .isCloseTo(40.0, within(0.5));
    assertThat(canTho.seasonalCm(local(LocalDate.of(2026, 9, 1), 0))).isBetween(5.0, 35.0);
    assertThat(canTho.seasonalCm(local(LocalDate.of(2026, 12, 10), 0))).isZero();
  }

  private static List<HighWater> highWatersOn(TideModel model, LocalDate day) {
    // Start the evening before, so that a high water just after midnight is a complete cycle.
    Instant from = local(day, 0).minus(Duration.ofHours(6));
    Instant to = local(day.plusDays(1), 0);
    return FloodTruth.highWaters(model.gauge(), model, from, to).stream()
        .filter(h -> CanThoTime.localDate(h.at()).equals(day))
        .toList();
  }

  private static double hour(HighWater h) {
    return CanThoTime.hourOfDay(h.at());
  }

  private static double dailyMax(TideModel model, LocalDate day) {
    return maxOver(model, new Instant[] {local(day, 0), local(day.plusDays(1), 0)});
  }

  private static double maxOver(TideModel model, Instant[] range) {
    double max = Double.NEGATIVE_INFINITY;
    for (Instant t = range[0]; t.isBefore(range[1]); t = t.plusSeconds(60)) {
      max = Math.max(max, model.levelCm(t));
    }
    return max;
  }

  private static Instant[] october() {
    return new Instant[] {local(LocalDate.of(2026, 10, 1), 0), local(LocalDate.of(2026, 11, 1), 0)};
  }

  private static Instant local(LocalDate day, int hour) {
    return CanThoTime.instant(day, LocalTime.of(hour, 0));
  }
}
