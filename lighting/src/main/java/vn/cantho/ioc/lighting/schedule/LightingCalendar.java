package vn.cantho.ioc.lighting.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which profile runs on which night: ordered rules, the first that matches wins, else the default
 * profile (TALQ Calendar: {@code rules} and {@code defaultProgram}). The date asked is the calendar
 * day of the night, the date of its evening: 00:30 on 1 January still belongs to 31 December's
 * night.
 */
public record LightingCalendar(List<CalendarRule> rules, DimmingProfile defaultProfile) {
  public LightingCalendar {
    rules = List.copyOf(rules);
    Objects.requireNonNull(defaultProfile, "defaultProfile");
  }

  /**
   * Vietnam's public holidays that change how streets are used at night (Labour Code 2019 art.
   * 112): Tết Nguyên đán from the evening of New Year's Eve (giao thừa) to the evening of the 5th
   * day, 30/4, 1/5 and 2/9, all at 100 % all night. Tết moves with the lunar calendar, so its dates
   * are listed year by year (sources in docs/lighting.md): 1st day of Tết Bính Ngọ Tuesday
   * 2026-02-17, of Tết Đinh Mùi Saturday 2027-02-06; later years must be added here or as settings.
   * Giỗ Tổ Hùng Vương (10/3 lunar) and New Year's Day keep the everyday profile, a choice.
   */
  public static final LightingCalendar VIETNAM_DEFAULT =
      new LightingCalendar(
          List.of(
              new CalendarRule(
                  "Tết Nguyên đán Bính Ngọ 2026",
                  DateMatch.between(LocalDate.of(2026, 2, 16), LocalDate.of(2026, 2, 21)),
                  DimmingProfile.HOLIDAY_FULL),
              new CalendarRule(
                  "Tết Nguyên đán Đinh Mùi 2027",
                  DateMatch.between(LocalDate.of(2027, 2, 5), LocalDate.of(2027, 2, 10)),
                  DimmingProfile.HOLIDAY_FULL),
              new CalendarRule(
                  "Ngày Giải phóng miền Nam 30/4",
                  DateMatch.every("--04-30"),
                  DimmingProfile.HOLIDAY_FULL),
              new CalendarRule(
                  "Ngày Quốc tế Lao động 1/5",
                  DateMatch.every("--05-01"),
                  DimmingProfile.HOLIDAY_FULL),
              new CalendarRule(
                  "Quốc khánh 2/9", DateMatch.every("--09-02"), DimmingProfile.HOLIDAY_FULL)),
          DimmingProfile.DEFAULT);

  /** The first rule covering {@code nightDate}, if any. */
  public Optional<CalendarRule> ruleFor(LocalDate nightDate) {
    for (CalendarRule rule : rules) {
      if (rule.dates().matches(nightDate)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  public DimmingProfile profileFor(LocalDate nightDate) {
    return ruleFor(nightDate).map(CalendarRule::profile).orElse(defaultProfile);
  }
}
