package vn.cantho.ioc.lighting.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One night's program, in the spirit of a TALQ ControlProgram: an AstroClock active period (on at
 * sunset + {@code onOffsetMinutes}, off at the next sunrise + {@code offOffsetMinutes}) at {@code
 * onPercent}, and dim steps inside it.
 *
 * <p>Offsets are limited to ±{@value #MAX_OFFSET_MINUTES} min so that switch-on always falls after
 * noon and switch-off before the next noon: a night never overlaps the next one.
 *
 * @param id stable identifier (settings, API)
 * @param label what the operator reads, in Vietnamese
 */
public record DimmingProfile(
    String id,
    String label,
    int onOffsetMinutes,
    int offOffsetMinutes,
    int onPercent,
    List<DimStep> steps) {
  static final int MAX_OFFSET_MINUTES = 180;

  /**
   * The everyday profile (a design choice, not a Can Tho regulation — docs/lighting.md): on 10 min
   * after sunset and off 10 min before sunrise, as the demo's simulated lamps do; 100 % in the
   * evening, 70 % from 23:00 and 50 % from 01:00 when streets empty, back to 100 % an hour before
   * sunrise for the early markets and commuters.
   */
  public static final DimmingProfile DEFAULT =
      new DimmingProfile(
          "mac-dinh",
          "Mặc định: 100 % chập tối, 70 % từ 23:00, 50 % từ 01:00, 100 % từ 1 giờ trước bình minh",
          10,
          -10,
          100,
          List.of(
              DimStep.at(LocalTime.of(23, 0), 70),
              DimStep.at(LocalTime.of(1, 0), 50),
              DimStep.fromSunrise(-60, 100)));

  /** Holidays: the same switching times, 100 % all night (streets are full late). */
  public static final DimmingProfile HOLIDAY_FULL =
      new DimmingProfile(
          "le-tet-100", "Ngày lễ, Tết: sáng 100 % suốt đêm", 10, -10, 100, List.of());

  public DimmingProfile {
    requireText(id, "id");
    requireText(label, "label");
    checkOffset(onOffsetMinutes);
    checkOffset(offOffsetMinutes);
    if (onPercent < 1 || onPercent > 100) {
      throw new IllegalArgumentException("switch-on level " + onPercent + " % not in 1–100");
    }
    steps = List.copyOf(steps);
  }

  /** This profile resolved on the night that starts on the evening of {@code evening.date()}. */
  public NightPlan plan(SunDay evening, SunDay morning, ZoneId zone) {
    LocalDate date = evening.date();
    if (!morning.date().equals(date.plusDays(1))) {
      throw new IllegalArgumentException("morning " + morning.date() + " does not follow " + date);
    }
    Instant on = evening.sunset().plusSeconds(60L * onOffsetMinutes);
    Instant off = morning.sunrise().plusSeconds(60L * offOffsetMinutes);
    List<NightPlan.Change> changes = new ArrayList<>();
    for (DimStep step : steps) {
      Instant at;
      if (step.trigger() instanceof DimStep.ClockTime c) {
        LocalDate day = c.time().isBefore(LocalTime.NOON) ? date.plusDays(1) : date;
        at = day.atTime(c.time()).atZone(zone).toInstant();
      } else {
        DimStep.AstroOffset a = (DimStep.AstroOffset) step.trigger();
        Instant base = a.event() == DimStep.SunEvent.SUNSET ? evening.sunset() : morning.sunrise();
        at = base.plusSeconds(60L * a.minutes());
      }
      changes.add(new NightPlan.Change(at, step.percent()));
    }
    // Steps apply in time order whatever order they were written in: 01:00 and "sunrise − 60
    // min" swap places between June and December.
    changes.sort(Comparator.comparing(NightPlan.Change::at));
    return new NightPlan(date, id, on, off, onPercent, changes);
  }

  static void checkOffset(int minutes) {
    if (Math.abs(minutes) > MAX_OFFSET_MINUTES) {
      throw new IllegalArgumentException(
          "astro offset " + minutes + " min beyond ±" + MAX_OFFSET_MINUTES);
    }
  }

  private static void requireText(String s, String what) {
    if (Objects.requireNonNull(s, what).isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
  }
}
