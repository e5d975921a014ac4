package vn.cantho.ioc.sim.flood;

import java.time.Instant;

/**
 * The mean longitudes that drive the tide at one instant, in degrees: the moon (s), the sun (h),
 * the lunar perigee (p), the moon's ascending node (n) and the mean lunar time (τ, the hour angle
 * of the mean moon plus 180°). Polynomials from Meeus, Astronomical Algorithms, first order in
 * Julian centuries from J2000; over a few decades they are good to well under a degree, far finer
 * than a tide model needs.
 */
public record MeanLongitudes(double tauDeg, double sDeg, double hDeg, double pDeg, double nDeg) {
  private static final long J2000_EPOCH_SECOND =
      Instant.parse("2000-01-01T12:00:00Z").getEpochSecond();
  private static final double SECONDS_PER_CENTURY = 36_525.0 * 86_400;

  static final double S_RATE = 481_267.88123421 / (36_525.0 * 24);
  static final double H_RATE = 36_000.76983 / (36_525.0 * 24);
  static final double P_RATE = 4_069.0137287 / (36_525.0 * 24);
  static final double TAU_RATE = 15 + H_RATE - S_RATE;

  public static MeanLongitudes at(Instant at) {
    long seconds = at.getEpochSecond() - J2000_EPOCH_SECOND;
    double t = (seconds + at.getNano() / 1e9) / SECONDS_PER_CENTURY;
    double s = 218.3164477 + 481_267.88123421 * t;
    double h = 280.46646 + 36_000.76983 * t;
    double p = 83.3532465 + 4_069.0137287 * t;
    double n = 125.04452 - 1_934.136261 * t;
    // Hour angle of the mean sun at Greenwich: 180° at 00:00 UT.
    double secondOfDay = Math.floorMod(at.getEpochSecond(), 86_400L) + at.getNano() / 1e9;
    double sunHourAngle = 15 * secondOfDay / 3600 + 180;
    return new MeanLongitudes(sunHourAngle + h - s, s, h, p, n);
  }
}
