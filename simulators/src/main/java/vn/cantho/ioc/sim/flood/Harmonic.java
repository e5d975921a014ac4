package vn.cantho.ioc.sim.flood;

/**
 * One constituent at one gauge: {@code amplitudeCm · cos(V(t) − phaseDeg)}, with V the
 * constituent's astronomical argument at Greenwich and {@code phaseDeg} the gauge's Greenwich phase
 * lag, as in published harmonic constants.
 */
public record Harmonic(Constituent constituent, double amplitudeCm, double phaseDeg) {
  public Harmonic {
    if (!(amplitudeCm >= 0)) {
      throw new IllegalArgumentException(constituent + ": amplitude must be ≥ 0");
    }
  }

  double valueCm(MeanLongitudes at) {
    return amplitudeCm * Math.cos(Math.toRadians(constituent.argumentDeg(at) - phaseDeg));
  }

  /**
   * The same constituent further up a canal: damped by {@code scale} and arriving {@code lagHours}
   * later, i.e. a phase lag larger by speed × lag.
   */
  Harmonic dampedAndLagged(double scale, double lagHours) {
    return new Harmonic(
        constituent,
        amplitudeCm * scale,
        (phaseDeg + constituent.speedDegPerHour() * lagHours) % 360);
  }
}
