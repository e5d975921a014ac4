package vn.cantho.ioc.flood.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.forecast.HighWater;
import vn.cantho.ioc.flood.station.AlarmLevels;

/**
 * Turns one station's successive forecasts into pre-alerts: one open at a time, about the soonest
 * high water forecast to reach an alarm level. It rises with later forecasts of the same high water
 * (matched within {@link #SAME_PEAK}), ends {@link #PASSED} after its time, and is called off when
 * a later forecast puts that high water {@link #CANCEL_MARGIN_CM} below its level: a forecast that
 * wavers at the line gives one warning, not one an hour. Pure; one per station.
 */
public final class PreAlertPlanner {
  static final Duration SAME_PEAK = Duration.ofHours(3);
  static final Duration PASSED = Duration.ofHours(2);
  static final double CANCEL_MARGIN_CM = 5;

  /** What a forecast changes. */
  public sealed interface Decision {
    PreAlert preAlert();
  }

  public record Raise(PreAlert preAlert) implements Decision {}

  public record Escalate(PreAlert preAlert) implements Decision {}

  /**
   * @param passed true when its high water has passed, false when a later forecast called it off
   * @param at the issue time of the forecast that ended it
   */
  public record End(PreAlert preAlert, boolean passed, Instant at) implements Decision {}

  private PreAlert open;

  public List<Decision> onForecast(Forecast f, AlarmLevels levels) {
    List<Decision> out = new ArrayList<>(2);
    Instant now = f.issuedAt();
    if (open != null && !now.isBefore(open.peakAt().plus(PASSED))) {
      out.add(new End(open, true, now));
      open = null;
    }
    if (open != null) {
      Optional<HighWater> same = f.highWaters().stream().filter(this::isOpenPeak).findFirst();
      if (same.isPresent()) {
        HighWater hw = same.get();
        int k = levels.reachedBy(hw.levelCm());
        if (k > open.level()) {
          open = new PreAlert(k, hw.at(), hw.levelCm(), now);
          out.add(new Escalate(open));
        } else if (hw.levelCm() < levels.cm(open.level()) - CANCEL_MARGIN_CM) {
          out.add(new End(open, false, now));
          open = null;
        }
      }
    }
    if (open == null) {
      for (HighWater hw : f.highWaters()) {
        int k = levels.reachedBy(hw.levelCm());
        if (k > 0) {
          open = new PreAlert(k, hw.at(), hw.levelCm(), now);
          out.add(new Raise(open));
          break;
        }
      }
    }
    return out;
  }

  private boolean isOpenPeak(HighWater hw) {
    return Duration.between(open.peakAt(), hw.at()).abs().compareTo(SAME_PEAK) <= 0;
  }

  /** The open pre-alert, or null. */
  public PreAlert open() {
    return open;
  }
}
