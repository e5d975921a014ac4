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
 */
public final class LightingCabinetModel {
  static final Duration ASTRO_OFFSET = Duration.ofMinutes(10);
  static final double FULL_LOAD_W = 4000;
  static final double STANDBY_W = 15;
  private static final LocalTime DIM_START = LocalTime.of(23, 0);
  private static final LocalTime DIM_END = LocalTime.of(4, 30);

  /** One sample of the cabinet. */
  public record State(boolean contactorOn, double totalPowerW, double voltageV, double currentA) {}

  public State at(Instant at) {
    boolean on = isNight(at);
    LocalTime time = CanThoTime.localTime(at);
    boolean dimmed = !time.isBefore(DIM_START) || time.isBefore(DIM_END);
    double power = on ? (dimmed ? FULL_LOAD_W / 2 : FULL_LOAD_W) : STANDBY_W;
    double hour = CanThoTime.hourOfDay(at);
    // 228 V at night, down to ~221 V around the 19:00 household peak.
    double voltage = 228 - 7 * Math.exp(-Math.pow((hour - 19) / 2, 2));
    return new State(on, power, round1(voltage), Math.round(power / voltage * 100) / 100.0);
  }

  static boolean isNight(Instant at) {
    LocalDate date = CanThoTime.localDate(at);
    Instant onAt = CanThoTime.instant(date, SunTimes.sunset(date)).plus(ASTRO_OFFSET);
    Instant offAt = CanThoTime.instant(date, SunTimes.sunrise(date)).minus(ASTRO_OFFSET);
    return at.isBefore(offAt) || !at.isBefore(onAt);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
