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

  private final Map<String, Double> last = new HashMap<>();
  private final Map<String, Integer> same = new HashMap<>();
  private final Map<String, Integer> faultRun = new HashMap<>();

  /** True when this reading is a fault (its value must not reach the pond's rules). */
  boolean faulty(String metric, double value) {
    if (!MEASURED.contains(metric)) {
      return false;
    }
    Double previous = last.put(metric, value);
    int run = previous != null && previous == value ? same.getOrDefault(metric, 1) + 1 : 1;
    same.put(metric, run);
    boolean fault = !Plausibility.plausible(metric, value) || run >= FLAT_RUN;
    faultRun.put(metric, fault ? faultRun.getOrDefault(metric, 0) + 1 : 0);
    return fault;
  }

  /** The longest current run of faulty samples among the probe's metrics. */
  int worstRun() {
    int worst = 0;
    for (int run : faultRun.values()) {
      worst = Math.max(worst, run);
    }
    return worst;
  }
}
