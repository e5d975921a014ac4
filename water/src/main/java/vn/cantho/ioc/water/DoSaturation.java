package vn.cantho.ioc.water;

/**
 * Dissolved-oxygen saturation of fresh water at sea level, mg/L (docs/domain.md §1.2: 14.652 −
 * 0.41022 T + 0.0079910 T² − 0.000077774 T³, T in °C). Used for DO % saturation in VN_WQI.
 */
public final class DoSaturation {
  private DoSaturation() {}

  public static double mgPerLitre(double temperatureC) {
    double t = temperatureC;
    return 14.652 - 0.41022 * t + 0.0079910 * t * t - 0.000077774 * t * t * t;
  }

  /** DO as a percentage of saturation at that temperature. */
  public static double percent(double doMgL, double temperatureC) {
    return doMgL / mgPerLitre(temperatureC) * 100;
  }
}
