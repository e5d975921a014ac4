package vn.cantho.ioc.lighting.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Sunrise and sunset at Can Tho (10.05° N, 105.75° E) against the NOAA table of docs/lighting.md,
 * within 2 minutes: an acceptance point of issue 15.
 */
class AstroClockTest {
  private static final double LAT = 10.05;
  private static final double LON = 105.75;
  private static final Duration TOLERANCE = Duration.ofMinutes(2);

  private final AstroClock clock = new AstroClock();

  @ParameterizedTest(name = "{0}: {1} / {2}")
  @CsvSource({
    "2026-01-15, 06:17, 17:53",
    "2026-03-21, 06:01, 18:08",
    "2026-06-21, 05:37, 18:19",
    "2026-09-23, 05:45, 17:52",
    "2026-12-21, 06:08, 17:40",
  })
  void matchesTheNoaaTableAtCanTho(LocalDate date, LocalTime sunrise, LocalTime sunset) {
    SunDay day = clock.sunDay(date, LAT, LON);

    assertThat(day.estimated()).isFalse();
    assertThat(Duration.between(CanThoTime.instant(date, sunrise), day.sunrise()).abs())
        .isLessThanOrEqualTo(TOLERANCE);
    assertThat(Duration.between(CanThoTime.instant(date, sunset), day.sunset()).abs())
        .isLessThanOrEqualTo(TOLERANCE);
  }

  @Test
  void aPlaceWhereTheSunNeitherRisesNorSetsFallsBackToSixAndEighteen() {
    LocalDate midsummer = LocalDate.of(2026, 6, 21);

    SunDay polarDay = clock.sunDay(midsummer, 80, 105.75);
    SunDay polarNight = clock.sunDay(midsummer, -80, 105.75);

    for (SunDay day : new SunDay[] {polarDay, polarNight}) {
      assertThat(day.estimated()).isTrue();
      assertThat(CanThoTime.localTime(day.sunrise())).isEqualTo(LocalTime.of(6, 0));
      assertThat(CanThoTime.localTime(day.sunset())).isEqualTo(LocalTime.of(18, 0));
    }
  }

  @Test
  void refusesCoordinatesOffTheGlobe() {
    LocalDate d = LocalDate.of(2026, 1, 1);
    assertThatThrownBy(() -> clock.sunDay(d, 105.75, 10.05))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.sunDay(d, Double.NaN, 10.05))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCacheComputesEachDateAndCellOnceAndStaysWithinSecondsOfTheExactPlace() {
    AstroCache cache = new AstroCache(clock);
    LocalDate d = LocalDate.of(2026, 6, 21);

    SunDay first = cache.sunDay(d, 10.031, 105.771);
    SunDay second = cache.sunDay(d, 10.049, 105.749); // same 0.05° cell

    assertThat(second).isSameAs(first);
    assertThat(cache.computed()).isEqualTo(1);
    SunDay exact = clock.sunDay(d, 10.031, 105.771);
    assertThat(Duration.between(exact.sunset(), first.sunset()).abs())
        .isLessThan(Duration.ofSeconds(15));
  }
}
