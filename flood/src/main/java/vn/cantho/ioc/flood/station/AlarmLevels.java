package vn.cantho.ioc.flood.station;

/**
 * A station's three flood alarm levels (mức báo động, BĐ I/II/III) in cm on the national height
 * datum. At Can Tho on the Hậu river they are 180, 190 and 200 cm (docs/flood.md §1); each station
 * has its own, as data.
 */
public record AlarmLevels(double bd1Cm, double bd2Cm, double bd3Cm) {
  public AlarmLevels {
    if (!(bd1Cm < bd2Cm && bd2Cm < bd3Cm)) {
      throw new IllegalArgumentException(
          "alarm levels must rise: BĐ I < BĐ II < BĐ III, got "
              + bd1Cm
              + ", "
              + bd2Cm
              + ", "
              + bd3Cm);
    }
  }

  /** The level of alarm {@code k} (1–3). */
  public double cm(int k) {
    return switch (k) {
      case 1 -> bd1Cm;
      case 2 -> bd2Cm;
      case 3 -> bd3Cm;
      default -> throw new IllegalArgumentException("alarm level is 1, 2 or 3: " + k);
    };
  }

  /** The highest alarm a water level reaches, 0 below BĐ I. */
  public int reachedBy(double levelCm) {
    int k = 0;
    while (k < 3 && levelCm >= cm(k + 1)) {
      k++;
    }
    return k;
  }

  /** "BĐ I", "BĐ II", "BĐ III". */
  public static String label(int k) {
    return "BĐ " + "I".repeat(k);
  }
}
