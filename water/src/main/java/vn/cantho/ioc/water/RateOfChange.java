package vn.cantho.ioc.water;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.DerivedStep;
import vn.cantho.ioc.core.reading.Reading;

/**
 * How fast DO and salinity change, derived on ingest as {@code do_rate} and {@code salinity_rate}
 * (units per hour, negative when falling): the change across the last half hour, emitted once the
 * window spans a quarter of an hour. A steep evening fall of DO or a fast salinity rise at the
 * intake gives warning before a threshold is crossed; rules on them are data like any other (no
 * default thresholds are seeded: docs/domain.md §1.6 gives none). Implausible values never enter;
 * late samples are left out. Thread-safe: one lock per device and metric.
 */
public final class RateOfChange implements DerivedStep {
  static final Duration WINDOW = Duration.ofMinutes(30);
  static final Duration MIN_SPAN = Duration.ofMinutes(15);
  private static final Map<String, String> RATES =
      Map.of("do", "do_rate", "salinity", "salinity_rate");

  private final ConcurrentHashMap<String, SampleWindow> windows = new ConcurrentHashMap<>();

  /** The rate per hour after adding the sample, or null (late, or too short a span). */
  private static Double add(SampleWindow w, Instant ts, double value) {
    synchronized (w) {
      if (!w.add(ts, value) || w.span().compareTo(MIN_SPAN) < 0) {
        return null;
      }
      return (value - w.oldestValue()) / (w.span().toSeconds() / 3600.0);
    }
  }

  /** The rate readings these readings give; empty when none of them is DO or salinity. */
  @Override
  public List<Reading> derive(List<Reading> readings) {
    List<Reading> out = null;
    for (Reading r : readings) {
      String rate = RATES.get(r.metric());
      if (rate == null || !Plausibility.plausible(r.metric(), r.value())) {
        continue;
      }
      SampleWindow window =
          windows.computeIfAbsent(
              r.deviceId() + "\u0000" + r.metric(), k -> new SampleWindow(WINDOW));
      Double perHour = add(window, r.ts(), r.value());
      if (perHour != null) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(new Reading(r.deviceId(), rate, r.ts(), perHour, r.quality(), r.source()));
      }
    }
    return out == null ? List.of() : out;
  }
}
