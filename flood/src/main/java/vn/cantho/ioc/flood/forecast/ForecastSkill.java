package vn.cantho.ioc.flood.forecast;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * How good one station's forecasts of its next high water have been: each forecast's first high
 * water is checked against the highest reading within {@link #MATCH} of it once that window has
 * passed, and the errors of the last {@link #KEEP} give the expected error the API shows beside a
 * forecast. Not thread-safe: one monitor thread owns it.
 */
public final class ForecastSkill {
  /** Verified forecasts needed before their error, not the fit's, is the expected error. */
  public static final int MIN_VERIFIED = 12;

  static final Duration MATCH = Duration.ofHours(3);
  static final Duration KEEP = Duration.ofDays(14);

  private record Pending(long peakAt, double levelCm) {}

  private record Verified(long at, double heightErrorCm, double timingErrorMin) {}

  private final Deque<Pending> pending = new ArrayDeque<>();
  private final Deque<Verified> verified = new ArrayDeque<>();

  /** Remembers the forecast's first high water, to check it when it has passed. */
  public void issued(HighWater next) {
    pending.addLast(new Pending(next.at().getEpochSecond(), next.levelCm()));
  }

  /** Checks every remembered high water whose window ended by {@code now} (epoch seconds). */
  public void verify(LevelHistory history, long now) {
    long match = MATCH.toSeconds();
    while (!pending.isEmpty() && pending.peekFirst().peakAt() + match <= now) {
      Pending p = pending.removeFirst();
      int i0 = history.indexAtOrAfter(p.peakAt() - match);
      int i1 = history.indexAtOrAfter(p.peakAt() + match);
      if (i1 <= i0) {
        continue; // no readings around it: nothing to check against
      }
      int best = i0;
      for (int i = i0 + 1; i < i1; i++) {
        if (history.value(i) > history.value(best)) {
          best = i;
        }
      }
      verified.addLast(
          new Verified(
              p.peakAt(),
              Math.abs(p.levelCm() - history.value(best)),
              Math.abs(p.peakAt() - history.time(best)) / 60.0));
    }
    while (!verified.isEmpty() && verified.peekFirst().at() < now - KEEP.toSeconds()) {
      verified.removeFirst();
    }
  }

  public int count() {
    return verified.size();
  }

  /** Median absolute error of the height, cm; NaN before any was verified. */
  public double medianHeightErrorCm() {
    return median(verified.stream().mapToDouble(Verified::heightErrorCm).toArray());
  }

  /** Median absolute error of the time, minutes; NaN before any was verified. */
  public double medianTimingErrorMin() {
    return median(verified.stream().mapToDouble(Verified::timingErrorMin).toArray());
  }

  private static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
