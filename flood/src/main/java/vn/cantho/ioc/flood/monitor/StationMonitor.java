package vn.cantho.ioc.flood.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.forecast.ForecastSkill;
import vn.cantho.ioc.flood.forecast.HighWater;
import vn.cantho.ioc.flood.forecast.LevelHistory;
import vn.cantho.ioc.flood.forecast.TideForecaster;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.watch.LevelEvent;
import vn.cantho.ioc.flood.watch.LevelWatch;
import vn.cantho.ioc.flood.watch.PreAlertPlanner;
import vn.cantho.ioc.flood.watch.RiseWatch;

/**
 * Everything the flood feature decides for one station, reading by reading on data time: alarm
 * crossings ({@link LevelWatch}), the hourly forecast of the next high waters ({@link
 * TideForecaster}, issued at each whole hour from the readings before it, when the first reading of
 * that hour arrives), its pre-alerts ({@link PreAlertPlanner}), rapid rise ({@link RiseWatch}) and
 * the forecasts' verified skill. Its state is read from other threads through volatile fields (the
 * API); everything else belongs to the one monitor thread. No clock and no I/O: the same readings
 * in the same order give the same decisions, live or replayed. Not thread-safe: one monitor thread
 * owns it.
 */
public final class StationMonitor {
  /** Told of each decision, in the order they are made. */
  public interface Listener {
    default void level(FloodStation station, LevelEvent event, int alarm) {}

    default void forecast(FloodStation station, Forecast forecast) {}

    default void preAlert(FloodStation station, PreAlertPlanner.Decision decision) {}

    default void rise(FloodStation station, RiseWatch.RiseEvent event) {}
  }

  static final Duration ISSUE_EVERY = Duration.ofHours(1);

  /**
   * The closest two readings kept for the forecast may be: a gauge reports every 5 minutes, an OPC
   * UA station on every change (up to once a second), which would make a month's fit 2.5 million
   * rows. Warnings still see every reading.
   */
  static final Duration HISTORY_SPACING = Duration.ofMinutes(4);

  private volatile FloodStation station;
  private final LevelWatch watch;
  private final LevelHistory history = new LevelHistory(TideForecaster.WINDOW.plusDays(1));
  private final ForecastSkill skill = new ForecastSkill();
  private final PreAlertPlanner planner = new PreAlertPlanner();
  private final RiseWatch rise = new RiseWatch();
  private TideForecaster.Prediction prediction;
  private volatile Forecast latest;
  private volatile int alarmNow;
  private volatile boolean risingNow;
  private volatile Instant lastAt;
  private volatile double lastValueCm = Double.NaN;
  private long lastIssue = Long.MIN_VALUE;
  private long outOfOrder;

  public StationMonitor(FloodStation station) {
    this.station = station;
    this.watch = new LevelWatch(station);
  }

  public void configure(FloodStation station) {
    this.station = station;
    watch.configure(station);
  }

  public void accept(Instant at, double valueCm, Listener listener) {
    long t = at.getEpochSecond();
    if (lastAt != null && !at.isAfter(lastAt)) {
      outOfOrder++;
      return;
    }
    long every = ISSUE_EVERY.toSeconds();
    long hour = Math.floorDiv(t, every) * every;
    if (hour > lastIssue) {
      lastIssue = hour;
      issue(Instant.ofEpochSecond(hour), listener);
    }
    if (history.isEmpty() || t - history.last() >= HISTORY_SPACING.toSeconds()) {
      history.append(at, valueCm);
    }
    lastAt = at;
    lastValueCm = valueCm;
    skill.verify(history, t);
    for (LevelEvent e : watch.accept(at, valueCm)) {
      listener.level(station, e, watch.alarm());
    }
    RiseWatch.RiseEvent r =
        rise.accept(
            history, prediction, station.riseCmPerHour(), station.confirmSamples(), at, valueCm);
    alarmNow = watch.alarm();
    risingNow = rise.rising();
    if (r != null) {
      listener.rise(station, r);
    }
  }

  private void issue(Instant at, Listener listener) {
    TideForecaster.Prediction p = TideForecaster.predict(history, at);
    if (p == null) {
      return;
    }
    prediction = p;
    List<HighWater> next = TideForecaster.nextHighWaters(p, 2);
    if (next.isEmpty()) {
      return;
    }
    boolean skilled = skill.count() >= ForecastSkill.MIN_VERIFIED;
    Forecast f =
        new Forecast(
            station.deviceId(),
            at,
            next,
            skilled ? skill.medianHeightErrorCm() : 2 * p.tide().rmsCm(),
            skilled ? skill.medianTimingErrorMin() : null,
            skilled ? skill.count() : 0,
            p.tide().rmsCm(),
            p.surgeNowCm(),
            history.end() - history.start());
    latest = f;
    skill.issued(next.get(0));
    listener.forecast(station, f);
    for (PreAlertPlanner.Decision d : planner.onForecast(f, station.levels())) {
      listener.preAlert(station, d);
    }
  }

  public FloodStation station() {
    return station;
  }

  /** The highest alarm level the water is at now. */
  public int alarm() {
    return alarmNow;
  }

  public boolean rising() {
    return risingNow;
  }

  /** The newest forecast, or null before two weeks of readings. */
  public Forecast latest() {
    return latest;
  }

  public PreAlertPlanner planner() {
    return planner;
  }

  /** The newest reading, or null. */
  public Instant lastReading() {
    return lastAt;
  }

  public double lastValue() {
    return lastValueCm;
  }

  public long outOfOrder() {
    return outOfOrder;
  }
}
