package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.monitor.StationMonitor;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.watch.LevelEvent;
import vn.cantho.ioc.flood.watch.PreAlert;
import vn.cantho.ioc.flood.watch.PreAlertPlanner;
import vn.cantho.ioc.sim.flood.Crossing;
import vn.cantho.ioc.sim.flood.HighWater;
import vn.cantho.ioc.sim.flood.TideGauge;
import vn.cantho.ioc.sim.flood.TideModel;
import vn.cantho.ioc.sim.flood.WaterLevelGaugeModel;

/**
 * Scores what the flood monitor decided against the simulator's truth (docs/BENCHMARKS.md, issue
 * 16). It listens on the monitor thread; the result is read once the run has ended.
 *
 * <ul>
 *   <li>A truth crossing (an episode of the noise-free level at or above BĐ k, FloodTruth) is found
 *       when the monitor reports a crossing of that level at that gauge within {@link #MATCH}.
 *       Episodes whose peak stands less than the gauge's noise (±1.2 cm) above the line, and high
 *       waters that come that close below it, are marginal: the gauge may read them either side, so
 *       they neither count as missed nor make a detection false.
 *   <li>A forecast's next high water is compared with the truth's high water nearest to it in time
 *       (within 3 h). The ceiling is an oracle that knows the astronomical tide and the upstream
 *       flood exactly and persists the true surge of the issue time: what persistence could do at
 *       best.
 *   <li>A BĐ III peak's lead time runs from the first pre-alert of BĐ III for that high water (its
 *       time within 3 h) to the truth's crossing; a peak without one, or warned only after it
 *       crossed, counts 0.
 *   <li>A pre-alert (raise or escalation to level k) is right when the truth high water it was
 *       about reached BĐ k.
 * </ul>
 */
final class FloodScore implements StationMonitor.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration MATCH = Duration.ofHours(2);
  static final Duration SAME_HIGH_WATER = Duration.ofHours(3);
  static final double NOISE_CM = WaterLevelGaugeModel.NOISE_HALF_WIDTH_CM;

  private final Map<String, TideGauge> gauges;
  private final Map<String, TideModel> models;
  private final Map<String, List<HighWater>> highWaters;
  private final List<Crossing> crossings;
  private final Instant from;
  private final Instant to;

  private final List<LevelEvent> detected = Collections.synchronizedList(new ArrayList<>());
  private final List<LevelEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final List<Forecast> forecasts = Collections.synchronizedList(new ArrayList<>());
  private final List<PreAlert> preAlerts = Collections.synchronizedList(new ArrayList<>());
  private final List<String> preAlertGauges = Collections.synchronizedList(new ArrayList<>());

  FloodScore(
      Map<String, TideGauge> gauges,
      Map<String, TideModel> models,
      Map<String, List<HighWater>> highWaters,
      List<Crossing> crossings,
      Instant from,
      Instant to) {
    this.gauges = gauges;
    this.models = models;
    this.highWaters = highWaters;
    this.crossings = crossings;
    this.from = from;
    this.to = to;
  }

  @Override
  public void level(FloodStation station, LevelEvent e, int alarm) {
    events.add(e);
    if (e.crossed()) {
      detected.add(e);
    }
  }

  @Override
  public void forecast(FloodStation station, Forecast f) {
    forecasts.add(f);
  }

  @Override
  public void preAlert(FloodStation station, PreAlertPlanner.Decision d) {
    if (!(d instanceof PreAlertPlanner.End)) {
      preAlerts.add(d.preAlert());
      preAlertGauges.add(station.deviceId());
    }
  }

  private boolean scored(Instant at) {
    return !at.isBefore(from) && at.isBefore(to);
  }

  private boolean marginal(Crossing c) {
    return c.peakCm() - gauges.get(c.gaugeId()).alarmLevelCm(c.level()) < NOISE_CM;
  }

  private static boolean near(Instant a, Instant b, Duration within) {
    return Duration.between(a, b).abs().compareTo(within) <= 0;
  }

  ObjectNode result() {
    ObjectNode out = JSON.createObjectNode();
    scoreCrossings(out);
    scoreForecasts(out);
    scorePreAlerts(out);
    return out;
  }

  private void scoreCrossings(ObjectNode out) {
    ObjectNode recall = out.putObject("crossing_recall");
    ObjectNode counts = out.putObject("crossings");
    int marginal = 0;
    for (int k = 1; k <= 3; k++) {
      int level = k;
      int found = 0;
      int total = 0;
      for (Crossing c : crossings) {
        if (c.level() != level || !scored(c.at())) {
          continue;
        }
        if (marginal(c)) {
          marginal++;
          continue;
        }
        total++;
        if (detected.stream().anyMatch(d -> matches(d, c)) || alarmOnAt(c)) {
          found++;
        }
      }
      counts.put("bd" + k, total);
      recall.put("bd" + k, total == 0 ? 1.0 : round3((double) found / total));
    }
    out.put("marginal_crossings", marginal);
    long falseCrossings = 0;
    long withinNoise = 0;
    for (LevelEvent d : detected) {
      if (!scored(d.at())) {
        continue;
      }
      double line = gauges.get(d.deviceId()).alarmLevelCm(d.level());
      TideModel m = models.get(d.deviceId());
      if (truthMax(m, d.at(), Duration.ofMinutes(15)) < line - NOISE_CM) {
        falseCrossings++; // the water was nowhere near the line: a wrong detection
      } else if (truthMax(m, d.at(), SAME_HIGH_WATER) < line) {
        withinNoise++; // the water came within the gauge's noise of the line, never over it
      }
    }
    out.put("false_crossings", falseCrossings);
    out.put("crossings_within_gauge_noise", withinNoise);
  }

  private static boolean matches(LevelEvent d, Crossing c) {
    return d.deviceId().equals(c.gaugeId())
        && d.level() == c.level()
        && near(d.at(), c.at(), MATCH);
  }

  /**
   * Whether the monitor's alarm of that level was already on when the truth crossed: a dip below
   * the line shorter than the confirmation ends an episode of the truth but not the alarm.
   */
  private boolean alarmOnAt(Crossing c) {
    LevelEvent last = null;
    synchronized (events) {
      for (LevelEvent e : events) {
        if (e.deviceId().equals(c.gaugeId()) && e.level() == c.level() && !e.at().isAfter(c.at())) {
          last = e;
        }
      }
    }
    return last != null && last.crossed();
  }

  /** The truth's highest level within {@code around} either side of {@code at}, by the minute. */
  private static double truthMax(TideModel m, Instant at, Duration around) {
    double max = Double.NEGATIVE_INFINITY;
    for (Instant t = at.minus(around); !t.isAfter(at.plus(around)); t = t.plusSeconds(60)) {
      max = Math.max(max, m.levelCm(t));
    }
    return max;
  }

  private Optional<HighWater> truthNear(String gauge, Instant at) {
    return highWaters.get(gauge).stream()
        .filter(hw -> near(hw.at(), at, SAME_HIGH_WATER))
        .min(Comparator.comparing(hw -> Duration.between(hw.at(), at).abs()));
  }

  private void scoreForecasts(ObjectNode out) {
    List<Double> height = new ArrayList<>();
    List<Double> timing = new ArrayList<>();
    List<Double> oracle = new ArrayList<>();
    int unmatched = 0;
    for (Forecast f : forecasts) {
      if (!scored(f.issuedAt())) {
        continue;
      }
      vn.cantho.ioc.flood.forecast.HighWater next = f.highWaters().get(0);
      Optional<HighWater> truth = truthNear(f.deviceId(), next.at());
      if (truth.isEmpty()) {
        unmatched++;
        continue;
      }
      height.add(Math.abs(next.levelCm() - truth.get().levelCm()));
      timing.add(Math.abs(Duration.between(next.at(), truth.get().at()).toSeconds() / 60.0));
      oracle.add(
          Math.abs(
              oracleHighWater(f.deviceId(), f.issuedAt(), truth.get()) - truth.get().levelCm()));
    }
    out.put("forecasts", height.size());
    out.put("forecasts_unmatched", unmatched);
    out.put("forecast_mae_cm", round1(mean(height)));
    out.put("forecast_median_abs_error_cm", round1(quantile(height, 0.5)));
    out.put("forecast_p90_abs_error_cm", round1(quantile(height, 0.9)));
    out.put("forecast_timing_mae_min", round1(mean(timing)));
    out.put("oracle_forecast_mae_cm", round1(mean(oracle)));
    out.put("forecast_mae_ratio_to_oracle", round3(mean(height) / Math.max(0.1, mean(oracle))));
  }

  /**
   * The best a persistence forecast can do: the exact tide and upstream flood, plus the true surge
   * (wind, rain) of the issue time held constant; its highest level within 3 h of the true high
   * water.
   */
  private double oracleHighWater(String gauge, Instant issued, HighWater truth) {
    TideModel m = models.get(gauge);
    double surge = m.windCm(issued) + m.rainCm(issued) + m.recordSurgeCm(issued);
    double best = Double.NEGATIVE_INFINITY;
    for (Instant t = truth.at().minus(SAME_HIGH_WATER);
        !t.isAfter(truth.at().plus(SAME_HIGH_WATER));
        t = t.plusSeconds(120)) {
      best = Math.max(best, m.astronomicalCm(t) + m.seasonalCm(t) + surge);
    }
    return best;
  }

  private void scorePreAlerts(ObjectNode out) {
    List<Double> leads = new ArrayList<>();
    int warnedInTime = 0;
    for (Crossing c : crossings) {
      if (c.level() != 3 || !scored(c.at()) || marginal(c)) {
        continue;
      }
      Optional<PreAlert> first = Optional.empty();
      for (int i = 0; i < preAlerts.size(); i++) {
        PreAlert p = preAlerts.get(i);
        if (p.level() == 3
            && preAlertGauges.get(i).equals(c.gaugeId())
            && near(p.peakAt(), c.peakAt(), SAME_HIGH_WATER)
            && (first.isEmpty() || p.issuedAt().isBefore(first.get().issuedAt()))) {
          first = Optional.of(p);
        }
      }
      double lead =
          first.map(p -> Duration.between(p.issuedAt(), c.at()).toSeconds() / 60.0).orElse(0.0);
      if (lead > 0) {
        warnedInTime++;
      }
      leads.add(Math.max(0, lead));
    }
    out.put("bd3_peaks", leads.size());
    out.put(
        "pre_alert_recall_bd3",
        leads.isEmpty() ? 1.0 : round3((double) warnedInTime / leads.size()));
    out.put("pre_alert_lead_time_p50_min", Math.round(quantile(leads, 0.5)));
    out.put(
        "pre_alert_lead_time_min_min",
        Math.round(leads.stream().mapToDouble(d -> d).min().orElse(0)));
    int right = 0;
    int scoredPre = 0;
    for (int i = 0; i < preAlerts.size(); i++) {
      PreAlert p = preAlerts.get(i);
      if (!scored(p.issuedAt())) {
        continue;
      }
      scoredPre++;
      String gauge = preAlertGauges.get(i);
      double line = gauges.get(gauge).alarmLevelCm(p.level());
      if (truthNear(gauge, p.peakAt()).filter(hw -> hw.levelCm() >= line).isPresent()) {
        right++;
      }
    }
    out.put("pre_alerts", scoredPre);
    out.put("pre_alert_precision", scoredPre == 0 ? 1.0 : round3((double) right / scoredPre));
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(d -> d).average().orElse(Double.NaN);
  }

  private static double quantile(List<Double> v, double q) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(d -> d).toArray();
    Arrays.sort(a);
    return a[(int) Math.min(a.length - 1, Math.floor(q * a.length))];
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
