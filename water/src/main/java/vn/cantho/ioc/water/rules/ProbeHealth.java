package vn.cantho.ioc.water.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import vn.cantho.ioc.water.Plausibility;

/**
 * Whether a probe, rather than its pond, is the problem: a run of implausible values, or of one
 * value repeated exactly (a real DO, pH or temperature sensor always jitters in its last digits; a
 * frozen one does not). The rules of {@code probe_fault} watch the longest current run of the
 * probe's metrics; {@code probe_offline} is minutes of silence. Not thread-safe: the alert engine
 * feeds it from one thread.
 */
final class ProbeHealth {
  static final String OFFLINE = "probe_offline";
  static final String FAULT = "probe_fault";

  /** Metrics whose rules watch the probe, not a measured value. */
  static final Set<String> METRICS = Set.of(OFFLINE, FAULT);

  /** Identical values in a row that make a flat line: an hour of 5-minute samples. */
  static final int FLAT_RUN = 12;

  private static final Set<String> MEASURED = Set.of("do", "ph", "temp", "salinity", "tan");

  /** One measured metric's current runs. */
  private static final class Runs {
    double last = Double.NaN;
    int same;
    int fault;
  }

  // One lookup a reading: the engine asks on every reading (docs/BENCHMARKS.md, seventh session).
  private final Map<String, Runs> runs = new HashMap<>();

  /** True when this reading is a fault (its value must not reach the pond's rules). */
  boolean faulty(String metric, double value) {
    if (!MEASURED.contains(metric)) {
      return false;
    }
    Runs r = runs.computeIfAbsent(metric, m -> new Runs());
    // NaN never equals itself, so the first value starts a run of one, as a value after another.
    r.same = r.last == value ? r.same + 1 : 1;
    r.last = value;
    boolean fault = !Plausibility.plausible(metric, value) || r.same >= FLAT_RUN;
    r.fault = fault ? r.fault + 1 : 0;
    return fault;
  }

  /** The longest current run of faulty samples among the probe's metrics. */
  int worstRun() {
    int worst = 0;
    for (Runs r : runs.values()) {
      worst = Math.max(worst, r.fault);
    }
    return worst;
  }
}
