package vn.cantho.ioc.lighting.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

/** The default profile across a night, the calendar's rules, and the noon-to-noon night day. */
class ScheduleTest {
  private static final double LAT = 10.05;
  private static final double LON = 105.75;

  private final AstroClock clock = new AstroClock();
  private final Schedule schedule = Schedule.vietnamDefault();

  private static Instant local(String dateTime) {
    return java.time.LocalDateTime.parse(dateTime).atZone(CanThoTime.ZONE).toInstant();
  }

  private LightLevel at(Instant t) {
    return schedule.levelAt(t, LAT, LON);
  }

  private static Instant minutes(Instant t, int minutes) {
    return t.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void anOrdinaryNightSwitchesAtTheAstroOffsetsAndStepsDownAcrossMidnight() {
    LocalDate d = LocalDate.of(2026, 3, 10);
    Instant sunset = clock.sunDay(d, LAT, LON).sunset();
    Instant sunrise = clock.sunDay(d.plusDays(1), LAT, LON).sunrise();

    assertThat(at(local("2026-03-10T12:00"))).isEqualTo(LightLevel.OFF);
    assertThat(at(minutes(sunset, 9))).isEqualTo(LightLevel.OFF); // on at sunset + 10 min
    assertThat(at(minutes(sunset, 10))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2026-03-10T22:59"))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2026-03-10T23:00"))).isEqualTo(LightLevel.of(70));
    assertThat(at(local("2026-03-11T00:00"))).isEqualTo(LightLevel.of(70)); // midnight: same night
    assertThat(at(local("2026-03-11T00:59"))).isEqualTo(LightLevel.of(70));
    assertThat(at(local("2026-03-11T01:00"))).isEqualTo(LightLevel.of(50));
    assertThat(at(minutes(sunrise, -61))).isEqualTo(LightLevel.of(50));
    assertThat(at(minutes(sunrise, -60))).isEqualTo(LightLevel.of(100)); // back up for commuters
    assertThat(at(minutes(sunrise, -11))).isEqualTo(LightLevel.of(100));
    assertThat(at(minutes(sunrise, -10))).isEqualTo(LightLevel.OFF); // off at sunrise − 10 min
    assertThat(at(local("2026-03-11T11:59"))).isEqualTo(LightLevel.OFF);
  }

  @Test
  void stepsApplyInTimeOrderWhateverTheOrderTheyAreWrittenIn() {
    // 02:00 written before 23:00: the plan still goes 100 → 70 at 23:00 → 40 at 02:00.
    DimmingProfile p =
        new DimmingProfile(
            "x",
            "thử",
            0,
            0,
            100,
            List.of(DimStep.at(LocalTime.of(2, 0), 40), DimStep.at(LocalTime.of(23, 0), 70)));
    Schedule s = new Schedule(new LightingCalendar(List.of(), p), new AstroCache(new AstroClock()));

    assertThat(s.levelAt(local("2026-03-10T23:30"), LAT, LON)).isEqualTo(LightLevel.of(70));
    assertThat(s.levelAt(local("2026-03-11T02:30"), LAT, LON)).isEqualTo(LightLevel.of(40));
  }

  @Test
  void holidaysBurnAllNightAtFullLevelIncludingTheSmallHoursAfterTheHoliday() {
    // 30/4 and 1/5 are holidays: their nights (to the mornings of 1/5 and 2/5) stay at 100 %.
    assertThat(at(local("2026-04-30T23:30"))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2026-05-01T02:00"))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2026-05-02T02:00"))).isEqualTo(LightLevel.of(100));
    // The night of 2/5 is ordinary.
    assertThat(at(local("2026-05-03T02:00"))).isEqualTo(LightLevel.of(50));
    // Recurring: 2/9 in 2026 and in 2030.
    assertThat(at(local("2026-09-02T23:30"))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2030-09-02T23:30"))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2030-09-03T23:30"))).isEqualTo(LightLevel.of(70));
  }

  @Test
  void tetRunsFromNewYearsEveToTheFifthDayInEachListedYear() {
    assertThat(at(local("2027-02-05T23:30"))).isEqualTo(LightLevel.of(100)); // giao thừa
    assertThat(at(local("2027-02-11T02:00"))).isEqualTo(LightLevel.of(100)); // night of mùng 5
    assertThat(at(local("2027-02-11T23:30"))).isEqualTo(LightLevel.of(70)); // mùng 6
    assertThat(at(local("2026-02-16T23:30"))).isEqualTo(LightLevel.of(100));
    assertThat(at(local("2026-02-15T23:30"))).isEqualTo(LightLevel.of(70));
    assertThat(LightingCalendar.VIETNAM_DEFAULT.ruleFor(LocalDate.of(2026, 2, 17)))
        .hasValueSatisfying(r -> assertThat(r.label()).contains("Bính Ngọ"));
  }

  @Test
  void theFirstMatchingRuleWins() {
    DimmingProfile quiet = new DimmingProfile("quiet", "Tiết kiệm 40 %", 10, -10, 40, List.of());
    CalendarRule works =
        new CalendarRule(
            "Thi công",
            DateMatch.between(LocalDate.of(2026, 4, 28), LocalDate.of(2026, 5, 2)),
            quiet);
    CalendarRule holiday =
        new CalendarRule("30/4", DateMatch.every("--04-30"), DimmingProfile.HOLIDAY_FULL);

    LocalDate april30 = LocalDate.of(2026, 4, 30);
    assertThat(
            new LightingCalendar(List.of(works, holiday), DimmingProfile.DEFAULT)
                .profileFor(april30))
        .isEqualTo(quiet);
    assertThat(
            new LightingCalendar(List.of(holiday, works), DimmingProfile.DEFAULT)
                .profileFor(april30))
        .isEqualTo(DimmingProfile.HOLIDAY_FULL);
    assertThat(
            new LightingCalendar(List.of(holiday), DimmingProfile.DEFAULT)
                .profileFor(april30.plusDays(1)))
        .isEqualTo(DimmingProfile.DEFAULT);
  }

  @Test
  void aYearlyRangeMayRunOverNewYear() {
    DateMatch newYear =
        new DateMatch.Yearly(java.time.MonthDay.of(12, 31), java.time.MonthDay.of(1, 1));
    assertThat(newYear.matches(LocalDate.of(2026, 12, 31))).isTrue();
    assertThat(newYear.matches(LocalDate.of(2027, 1, 1))).isTrue();
    assertThat(newYear.matches(LocalDate.of(2027, 1, 2))).isFalse();
    assertThat(newYear.matches(LocalDate.of(2027, 6, 15))).isFalse();
  }

  @Test
  void theNightOf31DecemberBelongsTo31DecemberUntilSunriseOn1January() {
    LightingCalendar cal =
        new LightingCalendar(
            List.of(
                new CalendarRule(
                    "Tết Dương lịch", DateMatch.every("--01-01"), DimmingProfile.HOLIDAY_FULL)),
            DimmingProfile.DEFAULT);
    Schedule s = new Schedule(cal, new AstroCache(new AstroClock()));

    NightPlan night = s.nightAt(local("2027-01-01T01:30"), LAT, LON);
    assertThat(night.date()).isEqualTo(LocalDate.of(2026, 12, 31));
    assertThat(night.profileId()).isEqualTo(DimmingProfile.DEFAULT.id());
    assertThat(CanThoTime.localDate(night.off())).isEqualTo(LocalDate.of(2027, 1, 1));
    assertThat(s.levelAt(local("2026-12-31T23:30"), LAT, LON)).isEqualTo(LightLevel.of(70));
    assertThat(s.levelAt(local("2027-01-01T01:30"), LAT, LON)).isEqualTo(LightLevel.of(50));
    // The evening of 1 January is the holiday's night.
    assertThat(s.levelAt(local("2027-01-01T23:30"), LAT, LON)).isEqualTo(LightLevel.of(100));
  }

  @Test
  void astroDayKeepsHalfAnHourOffDawnAndDusk() {
    LocalDate d = LocalDate.of(2026, 6, 21);
    SunDay sun = clock.sunDay(d, LAT, LON);
    Duration margin = Duration.ofMinutes(30);

    assertThat(schedule.isAstroDay(minutes(sun.sunrise(), 29), LAT, LON, margin)).isFalse();
    assertThat(schedule.isAstroDay(minutes(sun.sunrise(), 31), LAT, LON, margin)).isTrue();
    assertThat(schedule.isAstroDay(minutes(sun.sunset(), -31), LAT, LON, margin)).isTrue();
    assertThat(schedule.isAstroDay(minutes(sun.sunset(), -29), LAT, LON, margin)).isFalse();
  }

  @Test
  void twoThousandLampsEveryMinuteComputeTheSunOncePerCellAndDay() {
    AstroCache astro = new AstroCache(new AstroClock());
    Schedule s = new Schedule(LightingCalendar.VIETNAM_DEFAULT, astro);
    Random random = new Random(15);
    double[][] lamps = new double[2000][];
    for (int i = 0; i < lamps.length; i++) {
      // Inside the merged city's extent, about 9.3–10.3° N, 105.3–106.3° E.
      lamps[i] = new double[] {9.3 + random.nextDouble(), 105.3 + random.nextDouble()};
    }
    Instant start = local("2026-03-10T17:00");
    int on = 0;
    for (int minute = 0; minute < 120; minute++) {
      Instant t = minutes(start, minute);
      for (double[] lamp : lamps) {
        if (s.levelAt(t, lamp[0], lamp[1]).on()) {
          on++;
        }
      }
    }

    assertThat(on).isPositive();
    // 1° × 1° in 0.05° cells: at most 21 × 21 cells, two sun days (evening, next morning) each.
    assertThat(astro.computed()).isLessThanOrEqualTo(21L * 21 * 2);
  }
}
