package vn.cantho.ioc.flood.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Forecasts a station's next two high waters from its own recent readings: the astronomical tide by
 * harmonic analysis of the last 29 days ({@link HarmonicFit}), plus the surge — what the tide does
 * not explain (upstream flood, wind set-up, rain), taken from the last hours' residuals and assumed
 * to persist. The newest residual (last hour) fades, with a time constant of {@link #SURGE_FADE},
 * into the last tidal day's mean, which then stays: wind and rain change by the hour, the river's
 * flood by the week.
 *
 * <p>Everything is computed from readings before the issue time, on their own timestamps, so a
 * replay gives the same forecast as live operation. Pure and stateless.
 */
public final class TideForecaster {
  /** The fitted window: a lunar month, enough to separate the main constituents. */
  public static final Duration WINDOW = Duration.ofDays(29);

  /** The shortest record that gets a forecast (separates S2 from M2 and O1 from K1). */
  public static final Duration MIN_HISTORY = Duration.ofDays(15);

  /** How far ahead high waters are looked for: two of them come within a lunar day and a bit. */
  static final Duration HORIZON = Duration.ofHours(30);

  static final Duration SURGE_FADE = Duration.ofHours(6);
  private static final long LUNAR_DAY_S = Math.round(24.84 * 3600);
  private static final long RECENT_S = 3600;
  private static final long STEP_S = 120;

  /** A high water must stand this far above the low waters either side (ignores wiggles). */
  static final double PROMINENCE_CM = 5;

  private TideForecaster() {}

  /** The fitted tide and surge at an issue time; what a forecast and the rise check use. */
  public record Prediction(HarmonicModel tide, double surgeDayCm, double surgeNowCm, long issued) {
    /** The forecast level at {@code epochSecond} (after the issue time). */
    public double at(long epochSecond) {
      double fade = Math.exp(-(epochSecond - issued) / (double) SURGE_FADE.toSeconds());
      return tide.at(epochSecond) + surgeDayCm + (surgeNowCm - surgeDayCm) * Math.max(0, fade);
    }
  }

  /** The tide and surge from the readings before {@code issuedAt}, or null without the history. */
  public static Prediction predict(LevelHistory history, Instant issuedAt) {
    long t = issuedAt.getEpochSecond();
    if (history.isEmpty() || history.first() > t - MIN_HISTORY.toSeconds()) {
      return null;
    }
    HarmonicModel tide = HarmonicFit.fit(history, t - WINDOW.toSeconds(), t);
    if (tide == null) {
      return null;
    }
    double day = meanResidual(history, tide, t - LUNAR_DAY_S, t);
    double now = meanResidual(history, tide, t - RECENT_S, t);
    if (Double.isNaN(day)) {
      return null;
    }
    return new Prediction(tide, day, Double.isNaN(now) ? day : now, t);
  }

  private static double meanResidual(LevelHistory h, HarmonicModel tide, long from, long to) {
    int i0 = h.indexAtOrAfter(from);
    int i1 = h.indexAtOrAfter(to);
    if (i1 <= i0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = i0; i < i1; i++) {
      sum += h.value(i) - tide.at(h.time(i));
    }
    return sum / (i1 - i0);
  }

  /**
   * The next {@code count} high waters after the issue time, by the prediction: the turning points
   * of the forecast curve where it stops rising, counted only once it has risen by {@link
   * #PROMINENCE_CM} from a low and then fallen as much (a zigzag), so a high water passing at the
   * issue time, and wiggles of the overtides, are not taken for the next one.
   */
  public static List<HighWater> nextHighWaters(Prediction p, int count) {
    List<HighWater> out = new ArrayList<>(count);
    long end = p.issued() + HORIZON.toSeconds();
    // On a rising tide the coming high water counts however little is left to rise.
    boolean rising = p.at(p.issued() + STEP_S) > p.at(p.issued());
    double low = Double.POSITIVE_INFINITY;
    double high = rising ? p.at(p.issued()) : Double.NEGATIVE_INFINITY;
    long highAt = p.issued();
    for (long s = p.issued(); s <= end && out.size() < count; s += STEP_S) {
      double v = p.at(s);
      if (rising) {
        if (v > high) {
          high = v;
          highAt = s;
        } else if (v < high - PROMINENCE_CM) {
          out.add(new HighWater(Instant.ofEpochSecond(highAt), high));
          rising = false;
          low = v;
        }
      } else {
        low = Math.min(low, v);
        if (v > low + PROMINENCE_CM) {
          rising = true;
          high = v;
          highAt = s;
        }
      }
    }
    return out;
  }
}
