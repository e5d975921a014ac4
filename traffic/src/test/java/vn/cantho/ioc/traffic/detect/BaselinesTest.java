package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

class BaselinesTest {
  /** A Monday. */
  private static final LocalDate MONDAY = LocalDate.of(2026, 10, 5);

  /** One day of a station: slow and full in the 07:00 hour, free-flowing otherwise. */
  private static void day(Baselines b, LocalDate date, double peakSpeed, double otherSpeed) {
    Instant start = CanThoTime.instant(date, LocalTime.MIDNIGHT);
    for (int m = 0; m < 24 * 60; m++) {
      Instant at = start.plus(Duration.ofMinutes(m));
      boolean peak = m >= 7 * 60 && m < 8 * 60;
      double wobble = (m % 3) - 1; // −1, 0, +1 km/h
      double speed = (peak ? peakSpeed : otherSpeed) + wobble;
      b.learn("s1", new StationMinute(at, peak ? 3000 : 1500, speed, peak ? 40 : 12));
    }
  }

  private static Instant at(LocalDate date, int hour, int minute) {
    return CanThoTime.instant(date, LocalTime.of(hour, minute));
  }

  @Test
  void aSlotIsBelievedAfterThreeDaysOfItsType() {
    Baselines b = new Baselines();
    day(b, MONDAY, 15, 45);
    day(b, MONDAY.plusDays(1), 15, 45);
    day(b, MONDAY.plusDays(5), 15, 45); // a Saturday: not a weekday
    assertThat(b.at("s1", at(MONDAY.plusDays(7), 10, 0))).isNull();
    day(b, MONDAY.plusDays(2), 15, 45);
    day(b, MONDAY.plusDays(3), 15, 45); // closes Wednesday's last slot
    assertThat(b.at("s1", at(MONDAY.plusDays(7), 10, 0))).isNotNull();
    assertThat(b.at("s1", at(MONDAY.plusDays(12), 10, 0))).as("Saturday: one day").isNull();
    assertThat(b.at("other", at(MONDAY.plusDays(7), 10, 0))).isNull();
  }

  @Test
  void theDailyPeakIsInTheBaselineSoItIsNoAnomaly() {
    Baselines b = new Baselines();
    for (int d = 0; d < 5; d++) {
      day(b, MONDAY.plusDays(d), 15, 45);
    }
    day(b, MONDAY.plusDays(7), 15, 45);
    Instant peak = at(MONDAY.plusDays(8), 7, 30);
    Instant offPeak = at(MONDAY.plusDays(8), 10, 30);
    Baseline atPeak = b.at("s1", peak);
    Baseline later = b.at("s1", offPeak);
    assertThat(atPeak.speed()).isCloseTo(15, org.assertj.core.data.Offset.offset(1.0));
    assertThat(later.speed()).isCloseTo(45, org.assertj.core.data.Offset.offset(1.0));
    StationMinute slow = new StationMinute(peak, 3000, 15, 40);
    assertThat(atPeak.anomalous(slow)).isFalse();
    assertThat(later.anomalous(new StationMinute(offPeak, 3000, 15, 40))).isTrue();
    assertThat(later.speedSpread()).isEqualTo(Baseline.MIN_SPEED_SPREAD);
  }

  @Test
  void onlyAboutFourWeeksOfWeekdaysAreKept() {
    Baselines b = new Baselines();
    LocalDate d = MONDAY;
    int weekdays = 0;
    while (weekdays < 25) {
      if (Baselines.DayType.of(d) == Baselines.DayType.WEEKDAY) {
        // Road works slowed the first 13 weekdays: most of all 25, a minority of the last 20.
        day(b, d, 15, weekdays < 13 ? 20 : 45);
        weekdays++;
      }
      d = d.plusDays(1);
    }
    day(b, d.plusDays(7), 15, 45); // closes the last weekday's slots
    Baseline now = b.at("s1", at(d.plusDays(16), 10, 0)); // a Monday
    assertThat(now.speed()).isCloseTo(45, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void medianAndMad() {
    assertThat(Baselines.median(new double[] {5, 1, 3})).isEqualTo(3);
    assertThat(Baselines.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Baselines.mad(new double[] {1, 2, 3, 4, 100})).isEqualTo(1);
  }
}
