package vn.cantho.ioc.water;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Vietnam Water Quality Index VN_WQI of Decision 1460/QĐ-TCMT (2019): sub-indices by linear
 * interpolation between breakpoints, groups aggregated as {@code (I/100)(II/100)(III/100) × [IV² ×
 * V]^(1/3)}, rounded. Tables and aggregation as in docs/domain.md §2.2–2.4 (⚠: three open
 * implementations that agree with each other and with QCVN 08:2023, not the Decision's own text).
 * Groups I–III missing count as 100; without group V the core is group IV alone.
 */
public final class VnWqi {
  /** A measured parameter and its group. Concentrations in mg/L, bacteria per 100 mL. */
  public enum Parameter {
    PH(1),
    ALDRIN(2),
    BHC(2),
    DIELDRIN(2),
    DDTS(2),
    HEPTACHLOR(2),
    AS(3),
    CD(3),
    PB(3),
    CR6(3),
    CU(3),
    ZN(3),
    HG(3),
    /** Dissolved oxygen, mg/L: turned into % saturation with the water temperature. */
    DO(4),
    BOD5(4),
    COD(4),
    TOC(4),
    NH4_N(4),
    NO3_N(4),
    NO2_N(4),
    PO4_P(4),
    COLIFORM(5),
    E_COLI(5);

    final int group;

    Parameter(int group) {
      this.group = group;
    }
  }

  /** An index with its class. */
  public record Result(int value, WqiClass wqiClass) {}

  /** Falling quality (Formula 1): below the first breakpoint 100, beyond the last 10. */
  private static final Map<Parameter, double[][]> FALLING = new EnumMap<>(Parameter.class);

  static {
    // {breakpoint, q} rows, from docs/domain.md §2.3. A first row with q 75 is the table's
    // step at the limit: below it 100, at it 75 (N-NH4, Cd, Pb, Hg).
    FALLING.put(Parameter.BOD5, rows(4, 100, 6, 75, 15, 50, 25, 25, 50, 10));
    FALLING.put(Parameter.COD, rows(10, 100, 15, 75, 30, 50, 50, 25, 150, 10));
    FALLING.put(Parameter.TOC, rows(4, 100, 6, 75, 15, 50, 25, 25, 50, 10));
    FALLING.put(Parameter.NH4_N, rows(0.3, 75, 0.6, 50, 0.9, 25, 5, 10));
    FALLING.put(Parameter.NO3_N, rows(2, 100, 5, 75, 10, 50, 15, 25));
    FALLING.put(Parameter.PO4_P, rows(0.1, 100, 0.2, 75, 0.3, 50, 0.5, 25, 4, 10));
    FALLING.put(Parameter.COLIFORM, rows(2500, 100, 5000, 75, 7500, 50, 10000, 25));
    FALLING.put(Parameter.E_COLI, rows(20, 100, 50, 75, 100, 50, 200, 25));
    FALLING.put(Parameter.AS, rows(0.01, 100, 0.02, 75, 0.05, 50, 0.1, 25));
    FALLING.put(Parameter.CD, rows(0.005, 75, 0.008, 50, 0.01, 25, 0.1, 10));
    FALLING.put(Parameter.PB, rows(0.02, 75, 0.04, 50, 0.05, 25, 0.5, 10));
    FALLING.put(Parameter.CR6, rows(0.01, 100, 0.02, 75, 0.04, 50, 0.05, 25, 0.1, 10));
    FALLING.put(Parameter.CU, rows(0.1, 100, 0.2, 75, 0.5, 50, 1.0, 25, 2.0, 10));
    FALLING.put(Parameter.ZN, rows(0.5, 100, 1.0, 75, 1.5, 50, 2.0, 25, 3.0, 10));
    FALLING.put(Parameter.HG, rows(0.001, 75, 0.0015, 50, 0.002, 25, 0.01, 10));
  }

  /** Pesticide limits, µg/L: at or below 100, above 10. */
  private static final Map<Parameter, Double> PESTICIDE_LIMITS =
      Map.of(
          Parameter.ALDRIN, 0.1,
          Parameter.BHC, 0.02,
          Parameter.DIELDRIN, 0.1,
          Parameter.DDTS, 1.0,
          Parameter.HEPTACHLOR, 0.2);

  private static final double[][] DO_RISING = rows(20, 25, 50, 50, 75, 75, 88, 100);
  private static final double[][] DO_FALLING = rows(112, 100, 125, 75, 150, 50, 200, 25);

  private VnWqi() {}

  /**
   * The index, or empty when the preconditions of the implementations are not met: at least three
   * group IV parameters (DO only with a temperature) and at least three of the five groups.
   *
   * @param temperatureC water temperature for DO saturation; null when unknown
   */
  public static Optional<Result> compute(Map<Parameter, Double> measured, Double temperatureC) {
    Map<Integer, List<Double>> groups = new java.util.TreeMap<>();
    for (Map.Entry<Parameter, Double> e : measured.entrySet()) {
      Parameter p = e.getKey();
      if (p == Parameter.DO && temperatureC == null) {
        continue;
      }
      double si = subIndex(p, e.getValue(), temperatureC);
      groups.computeIfAbsent(p.group, g -> new ArrayList<>()).add(si);
    }
    if (groups.getOrDefault(4, List.of()).size() < 3 || groups.size() < 3) {
      return Optional.empty();
    }
    double i = groups.containsKey(1) ? groups.get(1).get(0) : 100;
    double ii = groups.containsKey(2) ? geometricMean(groups.get(2)) : 100;
    double iii = groups.containsKey(3) ? geometricMean(groups.get(3)) : 100;
    double iv = mean(groups.get(4));
    double core = groups.containsKey(5) ? Math.cbrt(iv * iv * mean(groups.get(5))) : iv;
    int value = (int) Math.round(i / 100 * (ii / 100) * (iii / 100) * core);
    return Optional.of(new Result(value, WqiClass.of(value)));
  }

  /** One parameter's sub-index, 10–100. */
  public static double subIndex(Parameter p, double value, Double temperatureC) {
    return switch (p) {
      case PH -> ph(value);
      case DO -> doPercent(DoSaturation.percent(value, temperatureC));
      case NO2_N -> value <= 0.05 ? 100 : 10;
      case ALDRIN, BHC, DIELDRIN, DDTS, HEPTACHLOR -> value <= PESTICIDE_LIMITS.get(p) ? 100 : 10;
      default -> falling(FALLING.get(p), value);
    };
  }

  static double ph(double pH) {
    if (pH < 5.5 || pH > 9.0) {
      return 10;
    }
    if (pH < 6.0) {
      return rising(5.5, 50, 6.0, 100, pH);
    }
    if (pH <= 8.5) {
      return 100;
    }
    return fallingBetween(8.5, 100, 9.0, 50, pH);
  }

  static double doPercent(double percent) {
    if (percent < 20 || percent > 200) {
      return 10;
    }
    if (percent >= 88 && percent <= 112) {
      return 100;
    }
    double[][] rows = percent < 88 ? DO_RISING : DO_FALLING;
    for (int k = 0; k + 1 < rows.length; k++) {
      if (percent >= rows[k][0] && percent <= rows[k + 1][0]) {
        return percent < 88
            ? rising(rows[k][0], rows[k][1], rows[k + 1][0], rows[k + 1][1], percent)
            : fallingBetween(rows[k][0], rows[k][1], rows[k + 1][0], rows[k + 1][1], percent);
      }
    }
    throw new IllegalStateException("unreachable: " + percent);
  }

  private static double falling(double[][] rows, double c) {
    if (c < rows[0][0]) {
      return 100;
    }
    for (int k = 0; k + 1 < rows.length; k++) {
      if (c >= rows[k][0] && c <= rows[k + 1][0]) {
        return fallingBetween(rows[k][0], rows[k][1], rows[k + 1][0], rows[k + 1][1], c);
      }
    }
    return 10;
  }

  /** Formula 1: {@code (q_i − q_i+1) / (BP_i+1 − BP_i) × (BP_i+1 − C) + q_i+1}. */
  private static double fallingBetween(double bp1, double q1, double bp2, double q2, double c) {
    return (q1 - q2) / (bp2 - bp1) * (bp2 - c) + q2;
  }

  /** Formula 2: {@code (q_i+1 − q_i) / (BP_i+1 − BP_i) × (C − BP_i) + q_i}. */
  private static double rising(double bp1, double q1, double bp2, double q2, double c) {
    return (q2 - q1) / (bp2 - bp1) * (c - bp1) + q1;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double geometricMean(List<Double> values) {
    double logSum = 0;
    for (double v : values) {
      logSum += Math.log(v);
    }
    return Math.exp(logSum / values.size());
  }

  private static double[][] rows(double... pairs) {
    double[][] rows = new double[pairs.length / 2][];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = new double[] {pairs[2 * k], pairs[2 * k + 1]};
    }
    return rows;
  }
}
