package vn.cantho.ioc.water;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.DerivedStep;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * The dawn a pond is heading for, derived on ingest as {@code do_projected}: at night (19:00 to
 * 07:00 in Can Tho) the evening decline of DO is extrapolated log-linearly, as farmers do
 * (docs/domain.md §1.2, "Night crash"), from a least-squares fit of ln DO over the last three hours
 * to 07:00; by day it is the DO itself (nothing to project, and an open projection alert clears). A
 * pond projected to fall below its DO thresholds before dawn is warned while there is still time to
 * run the aerators. Emitted once the window holds two hours and six samples; implausible and late
 * samples are left out. Thread-safe: one lock per device.
 */
public final class NightOxygenProjection implements DerivedStep {
  public static final String METRIC = "do_projected";
  // Three hours of samples: over a 12-hour horizon a shorter fit turns sensor noise into false
  // alarms (measured with ioc bench water).
  static final Duration WINDOW = Duration.ofHours(3);
  static final Duration MIN_SPAN = Duration.ofHours(2);
  static final int MIN_SAMPLES = 6;
  static final LocalTime DAWN = LocalTime.of(7, 0);
  static final LocalTime DUSK = LocalTime.of(19, 0);

  private final ConcurrentHashMap<String, SampleWindow> byDevice = new ConcurrentHashMap<>();

  /** The projection after adding the sample, or null (late, or too little to fit yet). */
  private static Double add(SampleWindow w, Instant ts, double value) {
    synchronized (w) {
      if (!w.add(ts, value)) {
        return null;
      }
      ZonedDateTime local = ts.atZone(CanThoTime.ZONE);
      boolean night = !local.toLocalTime().isBefore(DUSK) || local.toLocalTime().isBefore(DAWN);
      if (!night) {
        return value;
      }
      if (w.size() < MIN_SAMPLES || w.span().compareTo(MIN_SPAN) < 0 || value <= 0) {
        return null;
      }
      return project(w, ts, local, value);
    }
  }

  /** Least squares of ln DO against hours, extrapolated to the coming 07:00. */
  private static Double project(SampleWindow w, Instant now, ZonedDateTime local, double current) {
    double n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    var t = w.times();
    for (double value : w.values()) {
      double x = Duration.between(now, t.next()).toSeconds() / 3600.0;
      if (value <= 0) {
        continue;
      }
      double y = Math.log(value);
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double fitted = Math.exp((sy - slope * sx) / n);
    ZonedDateTime dawn = local.toLocalDate().atTime(DAWN).atZone(CanThoTime.ZONE);
    if (!dawn.isAfter(local)) {
      dawn = dawn.plusDays(1);
    }
    double hours = Duration.between(local, dawn).toSeconds() / 3600.0;
    // Rising or flat at night (aerators on): the dawn value is no lower than now.
    return slope >= 0 ? current : fitted * Math.exp(slope * hours);
  }

  /** The projections these readings give; empty when there is no DO among them. */
  @Override
  public List<Reading> derive(List<Reading> readings) {
    List<Reading> out = null;
    for (Reading r : readings) {
      if (!r.metric().equals("do") || !Plausibility.plausible("do", r.value())) {
        continue;
      }
      Double projected =
          add(
              byDevice.computeIfAbsent(r.deviceId(), k -> new SampleWindow(WINDOW)),
              r.ts(),
              r.value());
      if (projected != null) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(new Reading(r.deviceId(), METRIC, r.ts(), projected, r.quality(), r.source()));
      }
    }
    return out == null ? List.of() : out;
  }
}
