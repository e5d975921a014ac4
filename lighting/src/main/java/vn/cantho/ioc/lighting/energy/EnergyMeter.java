package vn.cantho.ioc.lighting.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Energy from power readings: the trapezoid rule between consecutive readings on their own
 * timestamps (power is taken to change linearly between two readings).
 *
 * <p>A pair of readings further apart than {@code maxGap} (by default 3 report intervals: one lost
 * message and jitter still integrate) is left out and counted as a gap: what the lamp did while
 * silent is unknown, and bridging a gap from dusk to dawn would invent or lose a night's energy.
 *
 * <p>Two ways in: {@link #integrate} over a stored series (any period, e.g. noon to noon), and
 * {@link #record} fed live per lamp, which keeps each lamp's per-local-day totals for {@value
 * #RETAIN_DAYS} days. Not thread-safe.
 */
public final class EnergyMeter {
  static final int RETAIN_DAYS = 40;

  private final Duration maxGap;
  private final ZoneId zone;
  private final Map<String, PowerSample> last = new HashMap<>();
  private final Map<String, TreeMap<LocalDate, EnergyTotal>> days = new HashMap<>();

  public EnergyMeter(Duration maxGap, ZoneId zone) {
    this.maxGap = Objects.requireNonNull(maxGap, "maxGap");
    this.zone = Objects.requireNonNull(zone, "zone");
    if (maxGap.isNegative() || maxGap.isZero()) {
      throw new IllegalArgumentException("max gap " + maxGap);
    }
  }

  /** Gaps above 3 report intervals left out; local days in Asia/Ho_Chi_Minh. */
  public static EnergyMeter forReportInterval(Duration interval) {
    return new EnergyMeter(interval.multipliedBy(3), CanThoTime.ZONE);
  }

  public Duration maxGap() {
    return maxGap;
  }

  /**
   * Energy of a series (in timestamp order) between {@code from} and {@code to}; a pair of readings
   * straddling either end counts for its part inside, the power interpolated at the end.
   */
  public EnergyTotal integrate(List<PowerSample> samples, Instant from, Instant to) {
    EnergyTotal total = EnergyTotal.ZERO;
    for (int i = 1; i < samples.size(); i++) {
      PowerSample a = samples.get(i - 1);
      PowerSample b = samples.get(i);
      if (!b.at().isAfter(a.at())) {
        throw new IllegalArgumentException("samples not in time order at " + b.at());
      }
      total = total.plus(segment(a, b, from, to));
    }
    return total;
  }

  /** A series' energy per local date, each segment split at local midnight. */
  public Map<LocalDate, EnergyTotal> perLocalDay(List<PowerSample> samples) {
    Map<LocalDate, EnergyTotal> out = new TreeMap<>();
    for (int i = 1; i < samples.size(); i++) {
      addByDay(samples.get(i - 1), samples.get(i), out);
    }
    return out;
  }

  /**
   * Adds a lamp's newest reading. An older or repeated one is ignored: the result must not depend
   * on arrival order.
   */
  public void record(String deviceId, PowerSample sample) {
    PowerSample previous = last.get(deviceId);
    if (previous != null && !sample.at().isAfter(previous.at())) {
      return;
    }
    last.put(deviceId, sample);
    if (previous == null) {
      return;
    }
    TreeMap<LocalDate, EnergyTotal> lampDays = days.computeIfAbsent(deviceId, k -> new TreeMap<>());
    addByDay(previous, sample, lampDays);
    LocalDate oldest = local(sample.at()).minusDays(RETAIN_DAYS);
    lampDays.headMap(oldest).clear();
  }

  /** A lamp's energy on a local date from {@link #record}ed readings. */
  public EnergyTotal day(String deviceId, LocalDate date) {
    TreeMap<LocalDate, EnergyTotal> lampDays = days.get(deviceId);
    return lampDays == null ? EnergyTotal.ZERO : lampDays.getOrDefault(date, EnergyTotal.ZERO);
  }

  /** When a lamp's newest {@link #record}ed reading was taken, or null before any. */
  public Instant lastAt(String deviceId) {
    PowerSample p = last.get(deviceId);
    return p == null ? null : p.at();
  }

  public void forget(String deviceId) {
    last.remove(deviceId);
    days.remove(deviceId);
  }

  private void addByDay(PowerSample a, PowerSample b, Map<LocalDate, EnergyTotal> into) {
    if (!b.at().isAfter(a.at())) {
      throw new IllegalArgumentException("samples not in time order at " + b.at());
    }
    for (LocalDate d = local(a.at()); !d.isAfter(local(b.at())); d = d.plusDays(1)) {
      Instant dayStart = d.atStartOfDay(zone).toInstant();
      Instant dayEnd = d.plusDays(1).atStartOfDay(zone).toInstant();
      EnergyTotal part = segment(a, b, dayStart, dayEnd);
      into.merge(d, part, EnergyTotal::plus);
    }
  }

  /** The part of the segment a→b inside [from, to). */
  private EnergyTotal segment(PowerSample a, PowerSample b, Instant from, Instant to) {
    Instant start = a.at().isAfter(from) ? a.at() : from;
    Instant end = b.at().isBefore(to) ? b.at() : to;
    if (!end.isAfter(start)) {
      return EnergyTotal.ZERO;
    }
    Duration inside = Duration.between(start, end);
    Duration whole = Duration.between(a.at(), b.at());
    if (whole.compareTo(maxGap) > 0) {
      return new EnergyTotal(0, Duration.ZERO, inside);
    }
    double wStart = interpolate(a, b, start);
    double wEnd = interpolate(a, b, end);
    double hours = inside.toNanos() / 3.6e12;
    return new EnergyTotal((wStart + wEnd) / 2 * hours, inside, Duration.ZERO);
  }

  private static double interpolate(PowerSample a, PowerSample b, Instant t) {
    double f =
        (double) Duration.between(a.at(), t).toNanos() / Duration.between(a.at(), b.at()).toNanos();
    return a.watts() + f * (b.watts() - a.watts());
  }

  private LocalDate local(Instant t) {
    return t.atZone(zone).toLocalDate();
  }
}
