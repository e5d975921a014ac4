package vn.cantho.ioc.sim.flood;

/**
 * The tidal constituents the model sums, each by its Doodson numbers: the multiples of the mean
 * lunar time τ and of the mean longitudes s (moon), h (sun) and p (lunar perigee) whose sum is the
 * constituent's astronomical argument, plus a fixed phase in degrees (Foreman's tables). Arguments
 * from the real longitudes put spring tides where the real moon puts them, which a tide with a
 * made-up 14-day cycle would not.
 */
public enum Constituent {
  /** Principal lunar semi-diurnal. */
  M2(2, 0, 0, 0, 0),
  /** Principal solar semi-diurnal; beats with M2 into the spring–neap cycle. */
  S2(2, 2, -2, 0, 0),
  /** Larger lunar elliptic semi-diurnal: perigee and apogee. */
  N2(2, -1, 0, 1, 0),
  /** Luni-solar declinational semi-diurnal. */
  K2(2, 2, 0, 0, 0),
  /** Luni-solar diurnal: with O1, the diurnal inequality of the Mekong's mixed tide. */
  K1(1, 1, 0, 0, 90),
  /** Principal lunar diurnal. */
  O1(1, -1, 0, 0, -90),
  /** Principal solar diurnal. */
  P1(1, 1, -2, 0, -90),
  /** Larger lunar elliptic diurnal. */
  Q1(1, -2, 0, 1, -90),
  /** Shallow-water overtide of M2: the river's faster rise than fall. */
  M4(4, 0, 0, 0, 0),
  /** Shallow-water compound of M2 and S2. */
  MS4(4, 2, -2, 0, 0);

  private final int tau;
  private final int s;
  private final int h;
  private final int p;
  private final double phaseDeg;

  Constituent(int tau, int s, int h, int p, double phaseDeg) {
    this.tau = tau;
    this.s = s;
    this.h = h;
    this.p = p;
    this.phaseDeg = phaseDeg;
  }

  /** The astronomical argument V (degrees, not reduced) at the given longitudes. */
  public double argumentDeg(MeanLongitudes at) {
    return tau * at.tauDeg() + s * at.sDeg() + h * at.hDeg() + p * at.pDeg() + phaseDeg;
  }

  /** Angular speed in degrees per mean solar hour, from the rates of τ, s, h and p. */
  public double speedDegPerHour() {
    return tau * MeanLongitudes.TAU_RATE
        + s * MeanLongitudes.S_RATE
        + h * MeanLongitudes.H_RATE
        + p * MeanLongitudes.P_RATE;
  }
}
