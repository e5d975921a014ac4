package vn.cantho.ioc.lighting.schedule;

/**
 * What a lamp should do at an instant: off, or on at a dim level (TALQ LampActuator's light state,
 * %, 1–100 when on).
 */
public record LightLevel(boolean on, int dimPercent) {
  public static final LightLevel OFF = new LightLevel(false, 0);

  public LightLevel {
    if (on ? dimPercent < 1 || dimPercent > 100 : dimPercent != 0) {
      throw new IllegalArgumentException("on " + on + " at " + dimPercent + " %");
    }
  }

  /** 0 is off; 1–100 on at that level. */
  public static LightLevel of(int percent) {
    return percent == 0 ? OFF : new LightLevel(true, percent);
  }
}
