package vn.cantho.ioc.reports.pdf;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Locale;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Numbers, dates and times as written in Vietnam: {@code 1.234,5}, {@code 06/12/2026}, {@code
 * 08:15}, {@code Chủ nhật}. The symbols are set here, not taken from the JDK's locale data, so the
 * report reads the same on every machine.
 */
public final class VnFormat {
  private static final String[] WEEKDAYS = {
    "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"
  };

  private VnFormat() {}

  /** Grouped by thousands with a dot, at most two decimals after a comma. */
  public static String number(double value) {
    DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
    symbols.setGroupingSeparator('.');
    symbols.setDecimalSeparator(',');
    symbols.setMinusSign('-');
    DecimalFormat format = new DecimalFormat("#,##0.##", symbols);
    String out = format.format(value);
    return out.equals("-0") ? "0" : out;
  }

  public static String date(LocalDate date) {
    return String.format(
        Locale.ROOT, "%02d/%02d/%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
  }

  public static String weekday(DayOfWeek day) {
    return WEEKDAYS[day.getValue() - 1];
  }

  /** Hours and minutes in Can Tho. */
  public static String time(Instant at) {
    ZonedDateTime local = at.atZone(CanThoTime.ZONE);
    return String.format(Locale.ROOT, "%02d:%02d", local.getHour(), local.getMinute());
  }

  /** {@code 08:15 ngày 07/12/2026}, in Can Tho. */
  public static String timeAndDate(Instant at) {
    return time(at) + " ngày " + date(CanThoTime.localDate(at));
  }
}
