package vn.cantho.ioc.lighting.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trapezoids worked out by hand in the comments; reports every 60 s, so gaps above 180 s. */
class EnergyMeterTest {
  private static final Instant T0 = Instant.parse("2026-03-10T13:00:00Z"); // 20:00 in Can Tho
  private static final double EPS = 1e-9;

  private final EnergyMeter meter = EnergyMeter.forReportInterval(Duration.ofMinutes(1));

  private static PowerSample at(int seconds, double watts) {
    return new PowerSample(T0.plusSeconds(seconds), watts);
  }

  private static Instant s(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void trapezoidsBetweenReadings() {
    // 100 W for 60 s = 6000 J = 1.6667 Wh; 100 → 50 W over 60 s averages 75 W = 1.25 Wh.
    List<PowerSample> series = List.of(at(0, 100), at(60, 100), at(120, 50));

    EnergyTotal total = meter.integrate(series, s(0), s(120));

    assertThat(total.wattHours()).isCloseTo(6000.0 / 3600 + 4500.0 / 3600, within(EPS));
    assertThat(total.covered()).isEqualTo(Duration.ofMinutes(2));
    assertThat(total.gaps()).isZero();
  }

  @Test
  void aPeriodCuttingThroughReadingsCountsOnlyItsPart() {
    // [30, 60]: 100 W × 30 s = 3000 J; [60, 90]: 100 W → 75 W (half way to 50) = 87.5 W × 30 s =
    // 2625 J. Total 5625 J = 1.5625 Wh.
    List<PowerSample> series = List.of(at(0, 100), at(60, 100), at(120, 50));

    assertThat(meter.integrate(series, s(30), s(90)).wattHours()).isCloseTo(1.5625, within(EPS));
  }

  @Test
  void aGapLongerThanThreeIntervalsIsLeftOutAndReported() {
    // 0–60 s: 1.6667 Wh; 60–300 s is 240 s > 180 s: unknown; 300–360 s: 1.6667 Wh.
    List<PowerSample> series = List.of(at(0, 100), at(60, 100), at(300, 100), at(360, 100));

    EnergyTotal total = meter.integrate(series, s(0), s(360));

    assertThat(total.wattHours()).isCloseTo(2 * 6000.0 / 3600, within(EPS));
    assertThat(total.gaps()).isEqualTo(Duration.ofMinutes(4));
    assertThat(total.covered()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aGapOfExactlyThreeIntervalsIsStillIntegrated() {
    // 180 s at 60 W = 10 800 J = 3 Wh.
    assertThat(meter.integrate(List.of(at(0, 60), at(180, 60)), s(0), s(180)).wattHours())
        .isCloseTo(3.0, within(EPS));
  }

  @Test
  void localDaysSplitAtCanThoMidnight() {
    // 23:59 → 00:01 local at 100 W: 60 s (1.6667 Wh) on each date.
    Instant beforeMidnight = Instant.parse("2026-03-10T16:59:00Z");
    List<PowerSample> series =
        List.of(
            new PowerSample(beforeMidnight, 100),
            new PowerSample(beforeMidnight.plusSeconds(120), 100));

    Map<LocalDate, EnergyTotal> days = meter.perLocalDay(series);

    assertThat(days).containsOnlyKeys(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 11));
    assertThat(days.get(LocalDate.of(2026, 3, 10)).wattHours()).isCloseTo(100.0 / 60, within(EPS));
    assertThat(days.get(LocalDate.of(2026, 3, 11)).wattHours()).isCloseTo(100.0 / 60, within(EPS));
  }

  @Test
  void liveRecordingGivesTheSameDayTotalsAndIgnoresLateReadings() {
    Instant beforeMidnight = Instant.parse("2026-03-10T16:58:00Z"); // 23:58 local
    // 23:58 100 W, 23:59 100 W, 00:00 50 W, 00:01 50 W.
    // 10 March: 100 W × 60 s + (100+50)/2 W × 60 s = 6000 + 4500 J = 2.9167 Wh.
    // 11 March: 50 W × 60 s = 3000 J = 0.8333 Wh.
    double[] watts = {100, 100, 50, 50};
    for (int i = 0; i < watts.length; i++) {
      meter.record("lamp-1", new PowerSample(beforeMidnight.plusSeconds(60L * i), watts[i]));
    }
    meter.record("lamp-1", new PowerSample(beforeMidnight, 5000)); // late, ignored

    assertThat(meter.day("lamp-1", LocalDate.of(2026, 3, 10)).wattHours())
        .isCloseTo(10_500.0 / 3600, within(EPS));
    assertThat(meter.day("lamp-1", LocalDate.of(2026, 3, 11)).wattHours())
        .isCloseTo(3000.0 / 3600, within(EPS));
    assertThat(meter.day("lamp-2", LocalDate.of(2026, 3, 11))).isEqualTo(EnergyTotal.ZERO);
  }
}
