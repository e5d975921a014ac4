package vn.cantho.ioc.water;

/**
 * Un-ionised ammonia (NH3), the toxic part of total ammonia nitrogen (TAN), from the concurrent pH
 * and temperature. Fresh water: Emerson, Russo, Lund &amp; Thurston 1975 (J. Fish. Res. Board Can.
 * 32:2379). Brackish water: Millero 1995 (as coded in R seacarb {@code Kn}), which reproduces
 * Emerson at salinity 0. Never Khoo et al. 1977: its seawater expression overestimates NH3 by up to
 * 500 % (Bell et al. 2007). docs/domain.md §1.4.
 */
public final class Ammonia {
  private static final double KELVIN = 273.15;

  private Ammonia() {}

  /** pKa of NH4+ in fresh water (Emerson 1975), valid 0–50 °C. */
  public static double pKaFresh(double temperatureC) {
    return 0.09018 + 2729.92 / (temperatureC + KELVIN);
  }

  /** pKa of NH4+ at salinity {@code salinityPpt} ‰ (Millero 1995), valid S 0–45, T 0–45 °C. */
  public static double pKaBrackish(double temperatureC, double salinityPpt) {
    double t = temperatureC + KELVIN;
    double s = salinityPpt;
    double lnK =
        -6285.33 / t
            + 0.0001635 * t
            - 0.25444
            + (0.46532 - 123.7184 / t) * Math.sqrt(s)
            + (-0.01992 + 3.17556 / t) * s;
    return -lnK / Math.log(10);
  }

  /** The un-ionised fraction of TAN at this pKa and pH, 0–1. */
  public static double unionisedFraction(double pKa, double pH) {
    return 1 / (1 + Math.pow(10, pKa - pH));
  }

  /**
   * NH3-N in mg/L from TAN (mg N/L), pH and temperature; salinity in ‰, or null for fresh water
   * (below 0.5 ‰ the fresh-water formula is used).
   */
  public static double nh3N(double tanMgL, double pH, double temperatureC, Double salinityPpt) {
    double pKa =
        salinityPpt == null || salinityPpt < 0.5
            ? pKaFresh(temperatureC)
            : pKaBrackish(temperatureC, salinityPpt);
    return tanMgL * unionisedFraction(pKa, pH);
  }
}
