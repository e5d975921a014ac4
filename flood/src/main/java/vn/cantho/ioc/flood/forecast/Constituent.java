package vn.cantho.ioc.flood.forecast;

/**
 * The tidal constituents the forecast fits, with their angular speeds in degrees per mean solar
 * hour (Schureman 1958; the same values as IHO and NOAA tables). The set is what a 29-day record
 * can separate (the Rayleigh criterion: N2 from M2 needs 27.6 days, Q1 from O1 27.6 days); K2 and
 * P1 need half a year and are left to fold into S2 and K1. M4 and MS4 are the shallow-water
 * overtides that make the rising tide steeper than the falling one up a river such as the Hậu.
 */
public enum Constituent {
  M2(28.9841042),
  S2(30.0),
  N2(28.4397295),
  K1(15.0410686),
  O1(13.9430356),
  Q1(13.3986609),
  M4(57.9682084),
  MS4(58.9841042);

  private final double degreesPerHour;

  Constituent(double degreesPerHour) {
    this.degreesPerHour = degreesPerHour;
  }

  /** Angular speed in radians per second. */
  public double radiansPerSecond() {
    return Math.toRadians(degreesPerHour) / 3600;
  }

  public double degreesPerHour() {
    return degreesPerHour;
  }
}
