package vn.cantho.ioc.lighting.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.lighting.schedule.AstroCache;
import vn.cantho.ioc.lighting.schedule.AstroClock;

/** Baselines and savings worked out by hand; 2,000 VND/kWh is an example tariff, not EVN's. */
class EnergySavingTest {
  private static final Tariff EXAMPLE = new Tariff(2_000);

  @Test
  void baselineIsRatedPowerOverTheDarkTime() {
    // 100 W × 11.5 h = 1150 Wh = 1.15 kWh.
    assertThat(EnergySaving.baselineKwh(100, Duration.ofMinutes(690)))
        .isCloseTo(1.15, within(1e-12));
  }

  @Test
  void savingInKwhPercentAndDong() {
    // Baseline 1.15 kWh, actual 0.7245 kWh: saved 0.4255 kWh = 37 %; × 2,000 đ = 851 đ.
    SavingReport r = new SavingReport(1.15, 0.7245, EXAMPLE);

    assertThat(r.savedKwh()).isCloseTo(0.4255, within(1e-12));
    assertThat(r.savedPercent()).isCloseTo(37.0, within(1e-9));
    assertThat(r.savedVnd()).isEqualTo(851L);
  }

  @Test
  void lampsAddUpWithThePercentWeightedByBaseline() {
    // 1.0 − 0.5 and 3.0 − 2.7: 4.0 baseline, 3.2 actual, 0.8 saved = 20 %, 1,600 đ.
    SavingReport sum =
        new SavingReport(1.0, 0.5, EXAMPLE).plus(new SavingReport(3.0, 2.7, EXAMPLE));

    assertThat(sum.savedPercent()).isCloseTo(20.0, within(1e-9));
    assertThat(sum.savedVnd()).isEqualTo(1_600L);
    assertThatThrownBy(() -> sum.plus(new SavingReport(1, 1, new Tariff(2_500))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDayBurnerMakesTheSavingNegative() {
    SavingReport r = new SavingReport(1.0, 1.5, EXAMPLE);
    assertThat(r.savedPercent()).isCloseTo(-50.0, within(1e-9));
    assertThat(r.savedVnd()).isEqualTo(-1_000L);
  }

  @Test
  void aTariffIsRequiredAndPositive() {
    assertThatThrownBy(() -> new Tariff(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aJuneNightAtCanThoIsAboutElevenHoursEighteenMinutesDark() {
    // NOAA table: sunset 21 June 18:19, sunrise 05:37 (22 June within seconds of it): 11 h 18 min.
    EnergySaving saving = new EnergySaving(new AstroCache(new AstroClock()));

    Duration dark = saving.darkTime(LocalDate.of(2026, 6, 21), 10.05, 105.75);

    assertThat(dark).isBetween(Duration.ofMinutes(678 - 3), Duration.ofMinutes(678 + 3));
    // A 120 W lamp that used 0.9 kWh that night: baseline 120 W × dark.
    SavingReport r = saving.night(LocalDate.of(2026, 6, 21), 10.05, 105.75, 120, 900, EXAMPLE);
    assertThat(r.baselineKwh()).isCloseTo(0.120 * dark.toSeconds() / 3600.0, within(1e-9));
    assertThat(r.actualKwh()).isCloseTo(0.9, within(1e-12));
  }
}
