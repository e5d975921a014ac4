package vn.cantho.ioc.lighting.schedule;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A change of dim level inside the night, as a TALQ control program's fixedTimeControl (a local
 * clock time) or astroClockTimeControl (an offset from sunset or sunrise).
 *
 * @param percent the level from that moment on, 0–100 (0 switches the lamp off until the next step)
 */
public record DimStep(Trigger trigger, int percent) {
  /** When a step takes effect. */
  public sealed interface Trigger permits ClockTime, AstroOffset {}

  /**
   * A local clock time. A time from 12:00 is on the evening of the night, a time before 12:00 on
   * the next morning: nights run noon to noon (TALQ dayOffset).
   */
  public record ClockTime(LocalTime time) implements Trigger {
    public ClockTime {
      Objects.requireNonNull(time, "time");
    }
  }

  /** Minutes after (positive) or before (negative) the night's sunset or the next sunrise. */
  public record AstroOffset(SunEvent event, int minutes) implements Trigger {
    public AstroOffset {
      Objects.requireNonNull(event, "event");
      DimmingProfile.checkOffset(minutes);
    }
  }

  public enum SunEvent {
    SUNSET,
    SUNRISE
  }

  public DimStep {
    Objects.requireNonNull(trigger, "trigger");
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("dim level " + percent + " % not in 0–100");
    }
  }

  public static DimStep at(LocalTime time, int percent) {
    return new DimStep(new ClockTime(time), percent);
  }

  public static DimStep fromSunset(int minutes, int percent) {
    return new DimStep(new AstroOffset(SunEvent.SUNSET, minutes), percent);
  }

  public static DimStep fromSunrise(int minutes, int percent) {
    return new DimStep(new AstroOffset(SunEvent.SUNRISE, minutes), percent);
  }
}
