package vn.cantho.ioc.lighting.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calendar and its profiles evaluated for a lamp at (lat, lon): what it should do now.
 *
 * <p>The night of local date D runs from D's sunset to D+1's sunrise, and D is its calendar day
 * (TALQ dayOffset, days from noon to noon): at 00:30 on 1 May the lamp still follows 30 April's
 * rule. Each night is resolved once per place cell and then read, so 2,000 lamps every minute cost
 * 2,000 map look-ups and short scans.
 */
public final class Schedule {
  /** Resolved nights kept: a few days of a few hundred cells. */
  private static final int MAX_PLANS = 20_000;

  private record Key(LocalDate date, long latCell, long lonCell) {}

  private final LightingCalendar calendar;
  private final AstroCache astro;
  private final ZoneId zone;
  private final Map<Key, NightPlan> plans = new ConcurrentHashMap<>();

  public Schedule(LightingCalendar calendar, AstroCache astro) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.astro = Objects.requireNonNull(astro, "astro");
    this.zone = astro.clock().zone();
  }

  /** Vietnam's default calendar in Asia/Ho_Chi_Minh. */
  public static Schedule vietnamDefault() {
    return new Schedule(LightingCalendar.VIETNAM_DEFAULT, new AstroCache(new AstroClock()));
  }

  public LightingCalendar calendar() {
    return calendar;
  }

  /** The level a lamp at (lat, lon) should have at {@code t}. */
  public LightLevel levelAt(Instant t, double lat, double lon) {
    return nightAt(t, lat, lon).levelAt(t);
  }

  /** The night whose noon-to-noon day holds {@code t}. */
  public NightPlan nightAt(Instant t, double lat, double lon) {
    return night(nightDate(t, zone), lat, lon);
  }

  /** The night starting on the evening of {@code date}. */
  public NightPlan night(LocalDate date, double lat, double lon) {
    Key key = new Key(date, AstroCache.cell(lat), AstroCache.cell(lon));
    NightPlan plan = plans.get(key);
    if (plan != null) {
      return plan;
    }
    if (plans.size() >= MAX_PLANS) {
      plans.clear();
    }
    return plans.computeIfAbsent(
        key,
        k ->
            calendar
                .profileFor(date)
                .plan(
                    astro.sunDay(date, lat, lon), astro.sunDay(date.plusDays(1), lat, lon), zone));
  }

  /**
   * Astronomical day with a margin: from sunrise + margin to sunset − margin of t's local date. A
   * lamp lit then burns in daylight (the day-burner rule); the margins keep dusk and dawn, when
   * schedules and photocells legitimately differ, out of it.
   */
  public boolean isAstroDay(Instant t, double lat, double lon, Duration margin) {
    SunDay day = astro.sunDay(t.atZone(zone).toLocalDate(), lat, lon);
    return !t.isBefore(day.sunrise().plus(margin)) && t.isBefore(day.sunset().minus(margin));
  }

  /** The calendar day of the night holding {@code t}: its local date from noon, the day before. */
  public static LocalDate nightDate(Instant t, ZoneId zone) {
    var local = t.atZone(zone);
    LocalDate date = local.toLocalDate();
    return local.toLocalTime().isBefore(LocalTime.NOON) ? date.minusDays(1) : date;
  }
}
