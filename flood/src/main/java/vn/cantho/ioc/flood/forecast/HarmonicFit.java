package vn.cantho.ioc.flood.forecast;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Harmonic analysis by least squares: the mean and the constituents' cosine and sine terms that
 * best fit a station's readings over a window, solved by QR decomposition (commons-math3). Only
 * constituents the window can tell apart are fitted (the Rayleigh criterion: a pair needs a record
 * at least one over the difference of their frequencies), so a short history gives a smaller but
 * stable model instead of two huge, opposite terms.
 */
public final class HarmonicFit {
  private HarmonicFit() {}

  /**
   * Fits the readings of {@code history} in [{@code from}, {@code to}) (epoch seconds).
   *
   * @return null when there are fewer readings than twice the unknowns
   */
  public static HarmonicModel fit(LevelHistory history, long from, long to) {
    int i0 = history.indexAtOrAfter(from);
    int i1 = history.indexAtOrAfter(to);
    if (i1 <= i0) {
      return null;
    }
    long span = history.time(i1 - 1) - history.time(i0);
    List<Constituent> fitted = separable(span);
    int unknowns = 1 + 2 * fitted.size();
    int n = i1 - i0;
    if (n < 2 * unknowns) {
      return null;
    }
    double[][] x = new double[n][unknowns];
    double[] y = new double[n];
    double[] w = new double[fitted.size()];
    for (int j = 0; j < w.length; j++) {
      w[j] = fitted.get(j).radiansPerSecond();
    }
    for (int r = 0; r < n; r++) {
      double t = history.time(i0 + r) - to;
      x[r][0] = 1;
      for (int j = 0; j < w.length; j++) {
        x[r][1 + 2 * j] = Math.cos(w[j] * t);
        x[r][2 + 2 * j] = Math.sin(w[j] * t);
      }
      y[r] = history.value(i0 + r);
    }
    Array2DRowRealMatrix design = new Array2DRowRealMatrix(x, false);
    RealVector beta;
    try {
      beta = new QRDecomposition(design).getSolver().solve(new ArrayRealVector(y, false));
    } catch (SingularMatrixException e) {
      return null;
    }
    RealVector residual = design.operate(beta).subtract(new ArrayRealVector(y, false));
    double rms = Math.sqrt(residual.dotProduct(residual) / n);
    return new HarmonicModel(to, fitted, beta.toArray(), rms);
  }

  /** The constituents a record of {@code spanSeconds} separates from their neighbours. */
  static List<Constituent> separable(long spanSeconds) {
    List<Constituent> out = new ArrayList<>(List.of(Constituent.M2, Constituent.K1));
    addIfSeparable(out, spanSeconds, Constituent.O1, Constituent.K1);
    addIfSeparable(out, spanSeconds, Constituent.S2, Constituent.M2);
    addIfSeparable(out, spanSeconds, Constituent.N2, Constituent.M2);
    addIfSeparable(out, spanSeconds, Constituent.Q1, Constituent.O1);
    out.add(Constituent.M4);
    addIfSeparable(out, spanSeconds, Constituent.MS4, Constituent.M4);
    return out;
  }

  private static void addIfSeparable(
      List<Constituent> out, long spanSeconds, Constituent c, Constituent neighbour) {
    double dw = Math.abs(c.radiansPerSecond() - neighbour.radiansPerSecond());
    double needed = 2 * Math.PI / dw;
    if (spanSeconds >= needed && out.contains(neighbour)) {
      out.add(c);
    }
  }
}
