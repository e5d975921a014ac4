package vn.cantho.ioc.water;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.DerivedStep;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The daily pH swing of each pond, derived on ingest: the highest minus the lowest pH of the last
 * 24 hours, emitted with every pH sample once the window spans {@link #MIN_SPAN} (a shorter window
 * has not seen both the dawn low and the afternoon high, and would understate it). A swing above
 * 0.5 in a shrimp pond is the mark of an algae bloom (docs/domain.md §1.3). Implausible pH never
 * enters the window; late samples (older than the newest) are left out of it. Thread-safe: one lock
 * per device. The window lives in memory, so after a restart the swing rebuilds over a day.
 */
public final class DailyPhSwing implements DerivedStep {
  public static final String METRIC = "ph_swing";
  static final Duration WINDOW = Duration.ofHours(24);
  static final Duration MIN_SPAN = Duration.ofHours(12);

  private final ConcurrentHashMap<String, SampleWindow> byDevice = new ConcurrentHashMap<>();

  /** The swing after adding the sample, or null (late, or the window spans too little). */
  private static Double add(SampleWindow w, Instant ts, double ph) {
    synchronized (w) {
      if (!w.add(ts, ph) || w.span().compareTo(MIN_SPAN) < 0) {
        return null;
      }
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (double v : w.values()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return max - min;
    }
  }

  /** The swing readings these readings give; empty when there is no pH among them. */
  @Override
  public List<Reading> derive(List<Reading> readings) {
    List<Reading> out = null;
    for (Reading r : readings) {
      if (!r.metric().equals("ph") || !Plausibility.plausible("ph", r.value())) {
        continue;
      }
      Double swing =
          add(
              byDevice.computeIfAbsent(r.deviceId(), k -> new SampleWindow(WINDOW)),
              r.ts(),
              r.value());
      if (swing != null) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(new Reading(r.deviceId(), METRIC, r.ts(), swing, r.quality(), r.source()));
      }
    }
    return out == null ? List.of() : out;
  }
}
