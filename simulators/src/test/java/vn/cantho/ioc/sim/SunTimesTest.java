package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class SunTimesTest {

  @Test
  void reproducesTheNoaaTableOnItsDates() {
    assertThat(SunTimes.sunrise(LocalDate.of(2026, 6, 21))).isEqualTo(LocalTime.of(5, 37));
    assertThat(SunTimes.sunset(LocalDate.of(2026, 6, 21))).isEqualTo(LocalTime.of(18, 19));
    assertThat(SunTimes.sunrise(LocalDate.of(2026, 12, 21))).isEqualTo(LocalTime.of(6, 8));
    assertThat(SunTimes.sunset(LocalDate.of(2026, 1, 15))).isEqualTo(LocalTime.of(17, 53));
  }

  @Test
  void interpolatesBetweenTableDates() {
    LocalTime sunrise = SunTimes.sunrise(LocalDate.of(2026, 11, 23));

    assertThat(sunrise).isStrictlyBetween(LocalTime.of(5, 45), LocalTime.of(6, 8));
  }

  @Test
  void interpolatesAcrossNewYear() {
    LocalTime sunrise = SunTimes.sunrise(LocalDate.of(2027, 1, 2));
    LocalTime sunset = SunTimes.sunset(LocalDate.of(2027, 1, 2));

    assertThat(sunrise).isStrictlyBetween(LocalTime.of(6, 8), LocalTime.of(6, 17));
    assertThat(sunset).isStrictlyBetween(LocalTime.of(17, 40), LocalTime.of(17, 53));
  }

  @Test
  void worksOnLeapDay() {
    assertThat(SunTimes.sunrise(LocalDate.of(2028, 2, 29)))
        .isStrictlyBetween(LocalTime.of(6, 1), LocalTime.of(6, 17));
  }
}
