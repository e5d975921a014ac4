package vn.cantho.ioc.flood.station;

import java.util.List;

/**
 * A water-level station: a river gauge, or the river side of a pumping station or sluice gate.
 *
 * @param deviceId the device whose readings are the level
 * @param levelMetric the metric that is the water level compared with the alarm levels ({@code
 *     level} for a gauge, {@code level_outside} for a pumping station)
 * @param levels BĐ I/II/III in cm on the national datum
 * @param hysteresisCm how far below an alarm level the water must fall before that alarm ends, so a
 *     level wavering at the line does not raise it again and again
 * @param confirmSamples how many readings in a row must agree before a crossing or its end counts
 * @param riseCmPerHour the non-tidal rise (rise beyond what the tide forecast explains) that is an
 *     alert, or null for none
 * @param wards the communes and wards the station protects: its alerts go to their operators; the
 *     station's own zone when empty
 */
public record FloodStation(
    String deviceId,
    String name,
    String levelMetric,
    AlarmLevels levels,
    double hysteresisCm,
    int confirmSamples,
    Double riseCmPerHour,
    List<String> wards) {
  public FloodStation {
    wards = List.copyOf(wards);
    if (hysteresisCm < 0 || hysteresisCm > 50) {
      throw new IllegalArgumentException("hysteresis must be 0 to 50 cm");
    }
    if (confirmSamples < 1 || confirmSamples > 12) {
      throw new IllegalArgumentException("confirm samples must be 1 to 12");
    }
    if (riseCmPerHour != null && !(riseCmPerHour > 0 && riseCmPerHour <= 200)) {
      throw new IllegalArgumentException("rapid rise must be above 0 and at most 200 cm/h");
    }
  }

  /** Default hysteresis: 5 cm, five times a gauge's noise, half the BĐ step. */
  public static final double DEFAULT_HYSTERESIS_CM = 5;

  /** Default confirmation: two readings in a row (10 minutes at a gauge's 5-minute interval). */
  public static final int DEFAULT_CONFIRM_SAMPLES = 2;
}
