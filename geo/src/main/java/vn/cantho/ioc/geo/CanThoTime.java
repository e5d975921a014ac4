package vn.cantho.ioc.geo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/** Local time in Can Tho: UTC+7 all year, no daylight saving. Every diurnal model uses it. */
public final class CanThoTime {
  public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

  private CanThoTime() {}

  public static LocalDate localDate(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  public static LocalTime localTime(Instant at) {
    return at.atZone(ZONE).toLocalTime();
  }

  /** Hours since local midnight, with a fraction: 07:30 → 7.5. */
  public static double hourOfDay(Instant at) {
    return localTime(at).toSecondOfDay() / 3600.0;
  }

  public static Instant instant(LocalDate date, LocalTime time) {
    return date.atTime(time).atZone(ZONE).toInstant();
  }
}
