package vn.cantho.ioc.lighting.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import vn.cantho.ioc.lighting.schedule.LightLevel;
import vn.cantho.ioc.lighting.schedule.Schedule;

/**
 * What the lamp should be doing when it reported: the commanded level (the schedule's, or an
 * operator's override from the twin) and whether it was astronomical day.
 */
public record LampContext(LightLevel commanded, boolean astroDay) {
  /**
   * Day for the day-burner rule: sunrise + 30 min to sunset − 30 min (DOMAIN-SOURCES §6.2), so that
   * a photocell or a controller clock a few minutes off at dusk and dawn is not a day burner.
   */
  public static final Duration ASTRO_DAY_MARGIN = Duration.ofMinutes(30);

  public LampContext {
    Objects.requireNonNull(commanded, "commanded");
  }

  /** The context when the lamp follows its schedule (no override). */
  public static LampContext fromSchedule(Schedule schedule, Instant at, double lat, double lon) {
    return new LampContext(
        schedule.levelAt(at, lat, lon), schedule.isAstroDay(at, lat, lon, ASTRO_DAY_MARGIN));
  }
}
