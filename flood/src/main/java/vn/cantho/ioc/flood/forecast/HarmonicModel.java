package vn.cantho.ioc.flood.forecast;

import java.time.Instant;
import java.util.List;

/**
 * A fitted tide: mean level plus, for each constituent, {@code a·cos(ωt) + b·sin(ωt)} with t in
 * seconds from {@code epoch} (the end of the fitted window, so the numbers stay well conditioned).
 *
 * @param coefficients mean first, then a and b of each constituent in {@code constituents} order
 * @param rmsCm the root mean square of the fit's residuals: what the tide alone does not explain
 */
public record HarmonicModel(
    long epoch, List<Constituent> constituents, double[] coefficients, double rmsCm) {
  public HarmonicModel {
    constituents = List.copyOf(constituents);
    coefficients = coefficients.clone();
    if (coefficients.length != 1 + 2 * constituents.size()) {
      throw new IllegalArgumentException("one mean and two coefficients per constituent");
    }
  }

  /** The astronomical tide at {@code epochSecond}. */
  public double at(long epochSecond) {
    double t = epochSecond - epoch;
    double h = coefficients[0];
    for (int i = 0; i < constituents.size(); i++) {
      double w = constituents.get(i).radiansPerSecond() * t;
      h += coefficients[1 + 2 * i] * Math.cos(w) + coefficients[2 + 2 * i] * Math.sin(w);
    }
    return h;
  }

  public double at(Instant at) {
    return at(at.getEpochSecond());
  }

  /** Amplitude of one fitted constituent in cm, 0 when it was not fitted. */
  public double amplitudeCm(Constituent c) {
    int i = constituents.indexOf(c);
    return i < 0 ? 0 : Math.hypot(coefficients[1 + 2 * i], coefficients[2 + 2 * i]);
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }
}
