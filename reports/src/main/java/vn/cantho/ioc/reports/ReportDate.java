package vn.cantho.ioc.reports;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * The day a report is asked for, by the API and {@code ioc report daily} alike: an ISO date, or
 * yesterday in Can Tho (the last whole day).
 */
public final class ReportDate {
  private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
  private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

  private ReportDate() {}

  /**
   * @param text {@code YYYY-MM-DD}, or null for yesterday
   * @throws BadRequest when it is not such a date in the years 1970 to 9999
   */
  public static LocalDate parse(String text, Clock clock) {
    if (text == null || text.isBlank()) {
      return CanThoTime.localDate(clock.instant()).minusDays(1);
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new BadRequest("date must be a day as YYYY-MM-DD, e.g. 2026-12-06", e);
    }
    if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
      throw new BadRequest("date must be in the years 1970 to 9999");
    }
    return date;
  }
}
