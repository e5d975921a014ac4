package vn.cantho.ioc.sim.flood;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * The Mekong's upstream flood (lũ thượng nguồn) as a smooth raise of the mean level: nothing until
 * August, rising to its full height in mid-October, gone again by early December. The same shape
 * every year; the height is the gauge's.
 */
final class SeasonalFlood {
  private static final MonthDay RISE = MonthDay.of(8, 1);
  private static final MonthDay PEAK = MonthDay.of(10, 15);
  private static final MonthDay GONE = MonthDay.of(12, 5);

  private SeasonalFlood() {}

  /** The fraction of the full raise at {@code at}: 0 outside Aug–early Dec, 1 on 15 October. */
  static double fraction(Instant at) {
    ZonedDateTime local = at.atZone(CanThoTime.ZONE);
    LocalDate date = local.toLocalDate();
    double day = date.getDayOfYear() - 1 + local.toLocalTime().toSecondOfDay() / 86_400.0;
    double rise = dayOfYear(date, RISE);
    double peak = dayOfYear(date, PEAK);
    double gone = dayOfYear(date, GONE);
    if (day <= rise || day >= gone) {
      return 0;
    }
    // Raised cosines: flat at both ends and at the crest, so the mean level has no kinks.
    return day <= peak
        ? (1 - Math.cos(Math.PI * (day - rise) / (peak - rise))) / 2
        : (1 + Math.cos(Math.PI * (day - peak) / (gone - peak))) / 2;
  }

  private static double dayOfYear(LocalDate inYear, MonthDay monthDay) {
    return ChronoUnit.DAYS.between(inYear.withDayOfYear(1), monthDay.atYear(inYear.getYear()));
  }
}
