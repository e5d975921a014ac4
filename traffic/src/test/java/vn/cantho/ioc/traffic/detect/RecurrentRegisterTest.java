package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

class RecurrentRegisterTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

  private static Instant at(LocalDate day, int hour, int minute) {
    return CanThoTime.instant(day, LocalTime.of(hour, minute));
  }

  /** Ten minutes of discontinuity from the given time. */
  private static void jam(RecurrentRegister r, LocalDate day, int hour, int minute) {
    for (int m = 0; m < 10; m++) {
      r.discontinuity("p", at(day, hour, minute).plusSeconds(60L * m));
    }
  }

  @Test
  void aPairThatJamsInTheMorningPeakOnThreeOfTheLastFiveWeekdaysIsAKnownBottleneckThen() {
    RecurrentRegister r = new RecurrentRegister();
    jam(r, MONDAY, 7, 5);
    jam(r, MONDAY.plusDays(1), 7, 20); // a quarter of an hour later: still the same slot ±30 min
    assertThat(r.recurrent("p", at(MONDAY.plusDays(2), 7, 10))).isFalse();
    jam(r, MONDAY.plusDays(2), 6, 55);
    Instant thursday = at(MONDAY.plusDays(3), 7, 10);
    assertThat(r.recurrent("p", thursday)).isTrue();
    assertThat(r.recurrent("p", at(MONDAY.plusDays(3), 10, 0))).isFalse(); // not at 10 h
    assertThat(r.recurrent("other", thursday)).isFalse();
  }

  @Test
  void weekendDaysDoNotMakeAWeekdayBottleneckNorDoesAMinuteOrTwo() {
    RecurrentRegister r = new RecurrentRegister();
    LocalDate saturday = MONDAY.minusDays(2);
    jam(r, saturday.minusDays(7), 7, 0);
    jam(r, saturday.minusDays(1), 7, 0); // Sunday
    jam(r, saturday, 7, 0);
    for (int d = 0; d < 3; d++) { // three weekdays with two minutes each: noise, not a jam
      r.discontinuity("p", at(MONDAY.plusDays(d), 7, 0));
      r.discontinuity("p", at(MONDAY.plusDays(d), 7, 1));
    }
    assertThat(r.recurrent("p", at(MONDAY.plusDays(3), 7, 5))).isFalse();
    assertThat(r.recurrent("p", at(saturday.plusDays(7), 7, 5))).isFalse(); // 1 Saturday of 5
  }

  @Test
  void onlyTheLastFiveDaysOfTheTypeCount() {
    RecurrentRegister r = new RecurrentRegister();
    for (int d = 0; d < 3; d++) {
      jam(r, MONDAY.plusDays(d), 17, 0);
    }
    // Monday to Wednesday of the week before the next five weekdays: forgotten by then.
    assertThat(r.recurrent("p", at(MONDAY.plusDays(7), 17, 5))).isTrue();
    assertThat(r.recurrent("p", at(MONDAY.plusDays(10), 17, 5))).isFalse();
  }
}
