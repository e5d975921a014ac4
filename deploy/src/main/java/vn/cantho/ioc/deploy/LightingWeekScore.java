package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.control.LampEnergy;
import vn.cantho.ioc.lighting.energy.EnergyMeter;
import vn.cantho.ioc.lighting.energy.EnergySaving;
import vn.cantho.ioc.lighting.energy.PowerSample;
import vn.cantho.ioc.lighting.fault.FaultEvent;
import vn.cantho.ioc.lighting.fault.FaultKind;
import vn.cantho.ioc.lighting.fault.FaultParameters;
import vn.cantho.ioc.lighting.fault.LampContext;
import vn.cantho.ioc.lighting.fault.LampReading;
import vn.cantho.ioc.lighting.fault.LightFaultDetector;
import vn.cantho.ioc.lighting.schedule.AstroCache;
import vn.cantho.ioc.lighting.schedule.AstroClock;
import vn.cantho.ioc.lighting.schedule.LightLevel;
import vn.cantho.ioc.lighting.schedule.Schedule;
import vn.cantho.ioc.sim.LightingModel;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.lighting.FaultWindow;
import vn.cantho.ioc.sim.lighting.LightingFault;
import vn.cantho.ioc.sim.lighting.LightingFaultPlan;
import vn.cantho.ioc.sim.lighting.LightingWeek;

/**
 * The simulated weeks of {@code ioc bench lighting}: the lamps follow the default schedule (the
 * feature's own), their readings, in data time, go through the detector the node runs (the same
 * class, the same parameters), once without faults (false faults, energy saving) and once with the
 * simulator's planned faults and their ground truth (recall, delay).
 */
final class LightingWeekScore {
  private static final Duration INTERVAL = Duration.ofSeconds(60);

  /** A fault counts as found in time when raised within this long of becoming visible. */
  private static final Duration IN_TIME = INTERVAL.multipliedBy(2);

  private final List<SimDevice> lamps;
  private final Instant start;
  private final int days;
  private final Schedule schedule = Schedule.vietnamDefault();

  LightingWeekScore(List<SimDevice> lamps, Instant start, int days) {
    this.lamps = lamps;
    this.start = start;
    this.days = days;
  }

  private LightingWeek.CommandedLevel commanded() {
    return (at, d) -> {
      LightLevel l = schedule.levelAt(at, d.lat(), d.lon());
      return new vn.cantho.ioc.sim.LightLevel(l.on(), l.dimPercent());
    };
  }

  private LampContext context(LightingWeek.Reading r, SimDevice d) {
    return new LampContext(
        schedule.levelAt(r.ts(), d.lat(), d.lon()),
        schedule.isAstroDay(r.ts(), d.lat(), d.lon(), LampContext.ASTRO_DAY_MARGIN));
  }

  /** The fault-free week: faults raised (all false) and the energy saving. */
  void faultFree(ObjectNode out) {
    Map<String, SimDevice> byId = byId();
    LightFaultDetector detector = new LightFaultDetector(FaultParameters.forInterval(INTERVAL));
    EnergyMeter meter = EnergyMeter.forReportInterval(INTERVAL);
    long readings = 0;
    Map<FaultKind, Integer> raised = new EnumMap<>(FaultKind.class);
    for (LightingWeek.Reading r :
        LightingWeek.of(lamps, start, days, commanded(), LightingFaultPlan.none())) {
      SimDevice d = byId.get(r.deviceId());
      readings++;
      meter.record(r.deviceId(), new PowerSample(r.ts(), r.power()));
      for (FaultEvent e :
          detector.onReading(
              r.deviceId(),
              LightingModel.ratedPowerW(d),
              new LampReading(r.ts(), r.state() == 1, r.dim(), r.power()),
              context(r, d))) {
        if (e.raised()) {
          raised.merge(e.kind(), 1, Integer::sum);
        }
      }
    }
    double actualKwh = 0;
    double baselineKwh = 0;
    AstroCache astro = new AstroCache(new AstroClock());
    LocalDate first = CanThoTime.localDate(start);
    for (SimDevice d : lamps) {
      for (int i = 0; i < days; i++) {
        LocalDate day = first.plusDays(i);
        actualKwh += meter.day(d.id(), day).kilowattHours();
        baselineKwh +=
            EnergySaving.baselineKwh(
                LightingModel.ratedPowerW(d), LampEnergy.darkWithin(astro, day, d.lat(), d.lon()));
      }
    }
    out.put("fault_free_readings", readings);
    out.put("false_faults", raised.values().stream().mapToInt(Integer::intValue).sum());
    ObjectNode byKind = out.putObject("false_faults_by_kind");
    raised.forEach((k, n) -> byKind.put(k.name().toLowerCase(java.util.Locale.ROOT), n));
    out.put("energy_actual_kwh", round(actualKwh, 1));
    out.put("energy_baseline_kwh", round(baselineKwh, 1));
    out.put("energy_saving_pct", round(100 * (baselineKwh - actualKwh) / baselineKwh, 2));
  }

  /** The week with planned faults, scored against the plan's ground truth. */
  void withFaults(ObjectNode out, LightingFaultPlan plan) {
    Map<String, SimDevice> byId = byId();
    LightFaultDetector detector = new LightFaultDetector(FaultParameters.forInterval(INTERVAL));
    Map<String, FaultWindow> windowOf = new HashMap<>();
    plan.windows().forEach(w -> windowOf.put(w.deviceId(), w));
    Map<String, Instant> visibleFrom = new HashMap<>();
    Map<String, Instant> raisedAt = new HashMap<>();
    int onHealthy = 0;
    Map<FaultKind, Integer> otherKind = new EnumMap<>(FaultKind.class);
    for (LightingWeek.Reading r : LightingWeek.of(lamps, start, days, commanded(), plan)) {
      SimDevice d = byId.get(r.deviceId());
      LampContext ctx = context(r, d);
      FaultWindow w = windowOf.get(r.deviceId());
      if (w != null
          && w.covers(r.ts())
          && visible(w.fault(), ctx)
          && !visibleFrom.containsKey(d.id())) {
        visibleFrom.put(d.id(), r.ts());
      }
      for (FaultEvent e :
          detector.onReading(
              r.deviceId(),
              LightingModel.ratedPowerW(d),
              new LampReading(r.ts(), r.state() == 1, r.dim(), r.power()),
              ctx)) {
        if (!e.raised()) {
          continue;
        }
        boolean matches =
            w != null
                && kindOf(w.fault()) == e.kind()
                && !e.at().isBefore(w.start())
                && !e.at().isAfter(w.end().plus(IN_TIME));
        if (matches) {
          raisedAt.putIfAbsent(d.id(), e.at());
        } else if (w == null) {
          onHealthy++;
        } else {
          // The same broken lamp seen as another fault too (a flapping lamp is also dark for a
          // while): not a false alarm, but counted apart.
          otherKind.merge(e.kind(), 1, Integer::sum);
        }
      }
    }
    Map<LightingFault, int[]> perFault = new EnumMap<>(LightingFault.class);
    List<Double> delays = new ArrayList<>();
    Map<LightingFault, List<Double>> delaysByFault = new EnumMap<>(LightingFault.class);
    for (FaultWindow w : plan.windows()) {
      int[] counts = perFault.computeIfAbsent(w.fault(), k -> new int[3]);
      counts[0]++;
      Instant found = raisedAt.get(w.deviceId());
      Instant visible = visibleFrom.get(w.deviceId());
      if (found != null) {
        counts[1]++;
        if (visible != null) {
          Duration delay = Duration.between(visible, found);
          delays.add(delay.toSeconds() / 60.0);
          delaysByFault
              .computeIfAbsent(w.fault(), k -> new ArrayList<>())
              .add(delay.toSeconds() / 60.0);
          if (delay.compareTo(IN_TIME) <= 0) {
            counts[2]++;
          }
        }
      }
    }
    out.put("planned_faults", plan.windows().size());
    ObjectNode kinds = out.putObject("faults");
    perFault.forEach(
        (f, c) ->
            kinds
                .putObject(f.code())
                .put("planned", c[0])
                .put("found", c[1])
                .put("found_within_2_intervals", c[2])
                .put(
                    "delay_p95_min",
                    round(percentile(delaysByFault.getOrDefault(f, List.of()), 0.95), 2)));
    out.put("lamp_out_recall", recall(perFault.get(LightingFault.LAMP_OUT), 2));
    out.put("day_burner_recall", recall(perFault.get(LightingFault.DAY_BURNER), 2));
    int[] high = perFault.getOrDefault(LightingFault.POWER_HIGH, new int[3]);
    int[] low = perFault.getOrDefault(LightingFault.POWER_LOW, new int[3]);
    out.put(
        "power_anomaly_recall",
        recall(new int[] {high[0] + low[0], high[1] + low[1], high[2] + low[2]}, 1));
    out.put("cycling_recall", recall(perFault.get(LightingFault.CYCLING), 1));
    out.put("detection_delay_p95_min", round(percentile(delays, 0.95), 2));
    out.put("false_faults_in_faulty_week", onHealthy);
    ObjectNode other = out.putObject("other_kind_on_faulty_lamps");
    otherKind.forEach((k, n) -> other.put(k.name().toLowerCase(java.util.Locale.ROOT), n));
  }

  /** When a planned fault can first be seen in a reading: it needs the lamp's level to show. */
  private static boolean visible(LightingFault fault, LampContext ctx) {
    return switch (fault) {
      case DAY_BURNER -> ctx.astroDay() && !ctx.commanded().on();
      default -> ctx.commanded().on();
    };
  }

  static FaultKind kindOf(LightingFault fault) {
    return switch (fault) {
      case LAMP_OUT -> FaultKind.LAMP_OUT;
      case DAY_BURNER -> FaultKind.DAY_BURNER;
      case POWER_HIGH -> FaultKind.POWER_HIGH;
      case POWER_LOW -> FaultKind.POWER_LOW;
      case CYCLING -> FaultKind.CYCLING;
    };
  }

  /** Found within two intervals ({@code column} 2) or at all (1), over planned. */
  private static double recall(int[] counts, int column) {
    return counts == null || counts[0] == 0 ? 1.0 : round((double) counts[column] / counts[0], 4);
  }

  private Map<String, SimDevice> byId() {
    Map<String, SimDevice> byId = new HashMap<>();
    lamps.forEach(d -> byId.put(d.id(), d));
    return byId;
  }

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
