package vn.cantho.ioc.sim.opcua;

import java.time.Instant;
import java.time.Month;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * A drainage pumping station with a tidal sluice gate on the Hậu river, as a pure function of time
 * (docs/domain.md §4). The river (outside) follows a semi-diurnal tide peaking near 06:30 and 18:30
 * local time, highest in the Sep–Nov high-water season (~190 cm); the canal behind the gate
 * (inside) fills with runoff while the gate is shut against the tide. Real tides drift about 50
 * minutes a day; fixed peak hours keep the curve easy to test and still inside the reported 05–08 h
 * and 17–20 h windows.
 */
public final class PumpingStationModel {
  /** Local hours of the two daily high waters. */
  static final double MORNING_PEAK_HOUR = 6.5;

  static final double EVENING_PEAK_HOUR = 18.5;

  /** Inside level above which each pump starts (cm); staged so pumps add up as water rises. */
  public static final double PUMP_1_START_CM = 100;

  public static final double PUMP_2_START_CM = 115;
  public static final double PUMP_3_START_CM = 125;

  private static final double TIDE_PERIOD_H = 12;
  private static final double RIVER_MEAN_CM = 100;
  private static final double INSIDE_BASE_CM = 85;
  private static final double INSIDE_RUNOFF_CM = 45;

  /** One sample of the station. */
  public record State(
      double levelInsideCm,
      double levelOutsideCm,
      boolean pump1,
      boolean pump2,
      boolean pump3,
      double gatePositionPercent) {}

  public State at(Instant at) {
    double hour = CanThoTime.hourOfDay(at);
    double outside = RIVER_MEAN_CM + tideAmplitudeCm(at) * tidePhase(hour, MORNING_PEAK_HOUR);
    // Runoff collects behind the closed gate around high water, half an hour after the river peaks.
    double inside =
        INSIDE_BASE_CM + INSIDE_RUNOFF_CM * Math.max(0, tidePhase(hour, MORNING_PEAK_HOUR + 0.5));
    return new State(
        round1(inside),
        round1(outside),
        inside > PUMP_1_START_CM,
        inside > PUMP_2_START_CM,
        inside > PUMP_3_START_CM,
        gatePosition(inside, outside));
  }

  /** Shut while the river is higher than the canal, so the tide cannot flow in; opens gradually. */
  static double gatePosition(double insideCm, double outsideCm) {
    if (outsideCm >= insideCm) {
      return 0;
    }
    return Math.min(100, Math.round((insideCm - outsideCm) * 4));
  }

  /** cos of the semi-diurnal tide: 1 at each high water, -1 at low water. */
  private static double tidePhase(double hour, double peakHour) {
    return Math.cos(2 * Math.PI * (hour - peakHour) / TIDE_PERIOD_H);
  }

  /** 90 cm in the high-water season (peaks ~190 cm), 55 cm in the dry season, 70 cm otherwise. */
  static double tideAmplitudeCm(Instant at) {
    Month month = CanThoTime.localDate(at).getMonth();
    return switch (month) {
      case SEPTEMBER, OCTOBER, NOVEMBER -> 90;
      case JANUARY, FEBRUARY, DECEMBER -> 70;
      default -> 55;
    };
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
