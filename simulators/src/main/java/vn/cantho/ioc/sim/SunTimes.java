package vn.cantho.ioc.sim;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Sunrise and sunset at Can Tho (10.05° N, 105.75° E), local time. Interpolates linearly between
 * five dates computed with the NOAA algorithm (docs/domain.md, "Local facts"); the curve is smooth
 * enough that the error stays within a few minutes, which is all a simulator or a lighting schedule
 * needs.
 */
public final class SunTimes {
  private record Anchor(MonthDay day, int sunriseMinute, int sunsetMinute) {}

  private static final List<Anchor> ANCHORS =
      List.of(
          new Anchor(MonthDay.of(1, 15), minute(6, 17), minute(17, 53)),
          new Anchor(MonthDay.of(3, 21), minute(6, 1), minute(18, 8)),
          new Anchor(MonthDay.of(6, 21), minute(5, 37), minute(18, 19)),
          new Anchor(MonthDay.of(9, 23), minute(5, 45), minute(17, 52)),
          new Anchor(MonthDay.of(12, 21), minute(6, 8), minute(17, 40)));

  private SunTimes() {}

  public static LocalTime sunrise(LocalDate date) {
    return interpolate(date, true);
  }

  public static LocalTime sunset(LocalDate date) {
    return interpolate(date, false);
  }

  private static LocalTime interpolate(LocalDate date, boolean sunrise) {
    // Anchors of the year before and after too, so that late December and early January
    // interpolate across New Year.
    List<LocalDate> dates = new ArrayList<>();
    List<Integer> minutes = new ArrayList<>();
    for (int year = date.getYear() - 1; year <= date.getYear() + 1; year++) {
      for (Anchor a : ANCHORS) {
        dates.add(a.day().atYear(year));
        minutes.add(sunrise ? a.sunriseMinute() : a.sunsetMinute());
      }
    }
    int after = 0;
    while (!dates.get(after).isAfter(date)) {
      after++;
    }
    LocalDate from = dates.get(after - 1);
    LocalDate to = dates.get(after);
    double fraction =
        (double) ChronoUnit.DAYS.between(from, date) / ChronoUnit.DAYS.between(from, to);
    double minute =
        minutes.get(after - 1) + fraction * (minutes.get(after) - minutes.get(after - 1));
    return LocalTime.ofSecondOfDay(Math.round(minute * 60));
  }

  private static int minute(int hour, int minute) {
    return hour * 60 + minute;
  }
}
