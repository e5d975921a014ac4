package vn.cantho.ioc.sim.flood;

import java.util.List;

/**
 * How the water moves at one gauge, on the national height datum (Hòn Dấu).
 *
 * @param meanCm the dry-season mean level, about which the astronomical tide swings
 * @param harmonics the constituents' amplitudes and Greenwich phase lags at the gauge
 * @param seasonalFloodCm how much the Mekong's upstream flood raises the mean level at its peak in
 *     mid-October
 * @param surgeScale the gauge's share of the weather's set-up (NE monsoon wind, rain) relative to
 *     Can Tho on the Hậu river: inland canals see less of it
 */
public record TideProfile(
    double meanCm, List<Harmonic> harmonics, double seasonalFloodCm, double surgeScale) {
  public TideProfile {
    harmonics = List.copyOf(harmonics);
  }

  /**
   * This profile carried up a canal: every constituent damped by {@code tideScale} and {@code
   * lagHours} later, with the canal's own mean level, flood raise and weather share.
   */
  public TideProfile upstream(
      double tideScale, double lagHours, double meanCm, double seasonalFloodCm, double surgeScale) {
    return new TideProfile(
        meanCm,
        harmonics.stream().map(h -> h.dampedAndLagged(tideScale, lagHours)).toList(),
        seasonalFloodCm,
        surgeScale);
  }
}
