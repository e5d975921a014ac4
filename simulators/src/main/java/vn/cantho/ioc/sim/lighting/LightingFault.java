package vn.cantho.ioc.sim.lighting;

import java.util.Arrays;

/**
 * A fault a simulated streetlight can show in its readings, as the lighting feature should find.
 */
public enum LightingFault {
  /** Switched on but gives no light: power stays at standby while commanded on. */
  LAMP_OUT("lamp_out"),
  /** Lit in daylight: on at full power while commanded off (a relay stuck closed). */
  DAY_BURNER("day_burner"),
  /** Draws 1.4 × its nominal power when lit (a failing driver). */
  POWER_HIGH("power_high"),
  /** Draws 0.6 × its nominal power when lit (failed LED strings). */
  POWER_LOW("power_low"),
  /** Flaps on and off while commanded on (a lamp at end of life, a loose contact). */
  CYCLING("cycling");

  private final String code;

  LightingFault(String code) {
    this.code = code;
  }

  /** The name in the ground-truth file. */
  public String code() {
    return code;
  }

  public static LightingFault of(String code) {
    return Arrays.stream(values())
        .filter(f -> f.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown lighting fault: " + code));
  }
}
