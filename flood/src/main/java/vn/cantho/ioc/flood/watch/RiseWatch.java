package vn.cantho.ioc.flood.watch;

import java.time.Duration;
import java.time.Instant;
import vn.cantho.ioc.flood.forecast.LevelHistory;
import vn.cantho.ioc.flood.forecast.TideForecaster;

/**
 * Rapid rise that the tide does not explain. A spring tide at Can Tho rises 40–50 cm an hour every
 * day, so the rate of the level itself says nothing; the rate of its surge — the reading minus the
 * fitted astronomical tide — over the last {@link #WINDOW} is what wind set-up and heavy rain
 * change. Raised after {@code confirm} readings at or above the station's rate, ended after as many
 * below half of it. Without a fitted tide (the first two weeks) it stays silent.
 */
public final class RiseWatch {
  static final Duration WINDOW = Duration.ofHours(1);

  /** A rise started ({@code rising}) or ended, at the rate then (cm/h). */
  public record RiseEvent(boolean rising, Instant at, double cmPerHour) {}

  private boolean rising;
  private int run;
  private Instant runStart;

  /**
   * Takes the reading just appended to {@code history}; returns an event when the state changes.
   *
   * @param threshold the station's rapid-rise rate, cm/h, or null for none
   */
  public RiseEvent accept(
      LevelHistory history,
      TideForecaster.Prediction prediction,
      Double threshold,
      int confirm,
      Instant at,
      double valueCm) {
    if (threshold == null || prediction == null) {
      return null;
    }
    long t = at.getEpochSecond();
    int before = history.indexAtOrAfter(t - WINDOW.toSeconds());
    if (before >= history.end() || history.time(before) >= t) {
      return null;
    }
    double hours = (t - history.time(before)) / 3600.0;
    double surgeNow = valueCm - prediction.tide().at(t);
    double surgeThen = history.value(before) - prediction.tide().at(history.time(before));
    double rate = (surgeNow - surgeThen) / hours;
    boolean towardChange = rising ? rate < threshold / 2 : rate >= threshold;
    if (!towardChange) {
      run = 0;
      return null;
    }
    if (run++ == 0) {
      runStart = at;
    }
    if (run < confirm) {
      return null;
    }
    rising = !rising;
    run = 0;
    return new RiseEvent(rising, runStart, rate);
  }

  public boolean rising() {
    return rising;
  }
}
