package vn.cantho.ioc.sim.opcua;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.sim.SunTimes;

/**
 * A street-lighting control cabinet (tủ điều khiển chiếu sáng) as a pure function of time: its
 * contactor closes ten minutes after sunset and opens ten minutes before sunrise, like the
 * astronomical timers in the field; the 4 kW of lamps it feeds are dimmed to half between 23:00 and
 * 04:30. Mains voltage sags a little in the evening peak.
 *
 * <p>A remote command ({@link Output}) overrides the timer until its next scheduled switching, as
 * field controllers do: switched off at 20:00, the cabinet stays off until the morning's switch-off
 * time and then follows its timer again.
 */
public final class LightingCabinetModel {
  static final Duration ASTRO_OFFSET = Duration.ofMinutes(10);
  static final double FULL_LOAD_W = 4000;
  static final double STANDBY_W = 15;
  static final double TIMER_DIM_PERCENT = 50;
  private static final LocalTime DIM_START = LocalTime.of(23, 0);
  private static final LocalTime DIM_END = LocalTime.of(4, 30);

  /** What the cabinet drives: contactor closed or open, lamps at {@code dimPercent} of full. */
  public record Output(boolean on, double dimPercent) {
    public Output {
      if (!(dimPercent >= 0 && dimPercent <= 100)) {
        throw new IllegalArgumentException("dim outside 0–100 %: " + dimPercent);
      }
    }
  }

  /** A remote command's output, in force until {@code until}. */
  public record RemoteOverride(Output output, Instant until) {}

  /** One sample of the cabinet. */
  public record State(
      boolean contactorOn,
      double dimPercent,
      double totalPowerW,
      double voltageV,
      double currentA) {
    public Output output() {
      return new Output(contactorOn, dimPercent);
    }
  }

  public State at(Instant at) {
    return at(at, null);
  }

  /** The cabinet at {@code at}, following {@code override} while it is in force. */
  public State at(Instant at, RemoteOverride override) {
    Output output =
        override != null && at.isBefore(override.until()) ? override.output() : scheduled(at);
    double power =
        output.on() ? Math.max(STANDBY_W, FULL_LOAD_W * output.dimPercent() / 100) : STANDBY_W;
    double hour = CanThoTime.hourOfDay(at);
    // 228 V at night, down to ~221 V around the 19:00 household peak.
    double voltage = 228 - 7 * Math.exp(-Math.pow((hour - 19) / 2, 2));
    return new State(
        output.on(),
        output.dimPercent(),
        power,
        round1(voltage),
        Math.round(power / voltage * 100) / 100.0);
  }

  /** What the astronomical timer and the night dimming schedule ask for at {@code at}. */
  static Output scheduled(Instant at) {
    LocalTime time = CanThoTime.localTime(at);
    boolean dimmed = !time.isBefore(DIM_START) || time.isBefore(DIM_END);
    return new Output(isNight(at), dimmed ? TIMER_DIM_PERCENT : 100);
  }

  /** The override a command given at {@code at} becomes: in force until the timer next switches. */
  public static RemoteOverride override(Instant at, Output output) {
    return new RemoteOverride(output, nextSwitch(at));
  }

  static boolean isNight(Instant at) {
    LocalDate date = CanThoTime.localDate(at);
    return at.isBefore(offAt(date)) || !at.isBefore(onAt(date));
  }

  /** The first time after {@code at} that the timer closes or opens the contactor. */
  static Instant nextSwitch(Instant at) {
    LocalDate date = CanThoTime.localDate(at);
    if (at.isBefore(offAt(date))) {
      return offAt(date);
    }
    if (at.isBefore(onAt(date))) {
      return onAt(date);
    }
    return offAt(date.plusDays(1));
  }

  private static Instant onAt(LocalDate date) {
    return CanThoTime.instant(date, SunTimes.sunset(date)).plus(ASTRO_OFFSET);
  }

  private static Instant offAt(LocalDate date) {
    return CanThoTime.instant(date, SunTimes.sunrise(date)).minus(ASTRO_OFFSET);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
