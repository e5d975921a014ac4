package vn.cantho.ioc.lighting.schedule;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/** The dates a calendar rule covers: TALQ CalendarRule's startDate/endDate. */
public sealed interface DateMatch permits DateMatch.Range, DateMatch.Yearly {
  boolean matches(LocalDate date);

  /** Full dates, both ends included (e.g. Tết 2027-02-05..2027-02-10). */
  record Range(LocalDate from, LocalDate to) implements DateMatch {
    public Range {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (to.isBefore(from)) {
        throw new IllegalArgumentException(from + ".." + to + " is empty");
      }
    }

    @Override
    public boolean matches(LocalDate date) {
      return !date.isBefore(from) && !date.isAfter(to);
    }
  }

  /**
   * Recurring days every year ({@code --04-30}), both ends included; a range may run over New Year
   * ({@code --12-31..--01-01}).
   */
  record Yearly(MonthDay from, MonthDay to) implements DateMatch {
    public Yearly {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public boolean matches(LocalDate date) {
      MonthDay d = MonthDay.from(date);
      return from.isAfter(to)
          ? !d.isBefore(from) || !d.isAfter(to)
          : !d.isBefore(from) && !d.isAfter(to);
    }
  }

  static DateMatch on(LocalDate date) {
    return new Range(date, date);
  }

  static DateMatch between(LocalDate from, LocalDate to) {
    return new Range(from, to);
  }

  /** Parses TALQ's recurring form {@code --MM-DD}. */
  static DateMatch every(String monthDay) {
    MonthDay d = MonthDay.parse(monthDay);
    return new Yearly(d, d);
  }
}
