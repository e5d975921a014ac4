package vn.cantho.ioc.lighting.schedule;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sun days per local date and per cell of {@value #CELL_DEGREES}° — what makes evaluating 2,000
 * lamps every minute cheap: the city spans about 1.5° × 1°, so a day needs a few hundred
 * computations at most, not 2,000 per minute.
 *
 * <p>Why the cell may be that coarse: sunrise moves 4 min per degree of longitude, so half a cell
 * (0.025°) is 6 s, and less than that per 0.025° of latitude at 10° N; lamps switch on minutes, not
 * seconds.
 */
public final class AstroCache {
  static final double CELL_DEGREES = 0.05;

  /** A bound on memory: a week of a few hundred cells; the whole cache is dropped past it. */
  static final int MAX_ENTRIES = 20_000;

  private record Key(LocalDate date, long latCell, long lonCell) {}

  private final AstroClock clock;
  private final Map<Key, SunDay> days = new ConcurrentHashMap<>();
  private final AtomicLong computed = new AtomicLong();

  public AstroCache(AstroClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public AstroClock clock() {
    return clock;
  }

  /** The sun day at the centre of the cell holding ({@code lat}, {@code lon}). */
  public SunDay sunDay(LocalDate date, double lat, double lon) {
    AstroClock.checkCoordinates(lat, lon);
    Key key = new Key(date, cell(lat), cell(lon));
    SunDay day = days.get(key);
    if (day != null) {
      return day;
    }
    if (days.size() >= MAX_ENTRIES) {
      days.clear();
    }
    return days.computeIfAbsent(
        key,
        k -> {
          computed.incrementAndGet();
          return clock.sunDay(
              k.date(), Math.min(90, k.latCell() * CELL_DEGREES), k.lonCell() * CELL_DEGREES);
        });
  }

  /** How many sun days were computed rather than found: for tests and metrics. */
  public long computed() {
    return computed.get();
  }

  static long cell(double degrees) {
    return Math.round(degrees / CELL_DEGREES);
  }
}
