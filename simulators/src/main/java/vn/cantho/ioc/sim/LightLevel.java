package vn.cantho.ioc.sim;

/**
 * What a streetlight is told to do: switched on or off, and its light output when on.
 *
 * @param on switched on
 * @param dim light output, % (0–100); 0 whenever {@code on} is false
 */
public record LightLevel(boolean on, double dim) {
  public static final LightLevel OFF = new LightLevel(false, 0);

  public LightLevel {
    if (!Double.isFinite(dim) || dim < 0 || dim > 100) {
      throw new IllegalArgumentException("dim must be within 0–100: " + dim);
    }
    dim = on ? dim : 0;
  }

  /** On at the given dim level (0–100 %), or off when it is 0. */
  public static LightLevel dimmedTo(double dim) {
    return dim > 0 ? new LightLevel(true, dim) : OFF;
  }
}
