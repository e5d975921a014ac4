package vn.cantho.ioc.lighting.schedule;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.shredzone.commons.suncalc.SunTimes;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Sunrise and sunset for a place and a local date, computed with commons-suncalc (the sun's upper
 * limb at the horizon with standard refraction, as the NOAA calculator does). At Can Tho it agrees
 * with the NOAA table of docs/lighting.md within a minute.
 *
 * <p>The TALQ astro clock switches on these two instants plus offsets; everything else in the
 * schedule hangs off them, so this class is the only place that does astronomy.
 */
public final class AstroClock {
  /** Used when the sun does not rise or set at the place: the tropics' mean, near Can Tho's. */
  static final LocalTime FALLBACK_SUNRISE = LocalTime.of(6, 0);

  static final LocalTime FALLBACK_SUNSET = LocalTime.of(18, 0);

  private final ZoneId zone;

  /** Local dates in Asia/Ho_Chi_Minh. */
  public AstroClock() {
    this(CanThoTime.ZONE);
  }

  public AstroClock(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * Sunrise and sunset of the local {@code date} at ({@code lat}, {@code lon}), degrees WGS84.
   *
   * @throws IllegalArgumentException on a coordinate outside the globe (or NaN)
   */
  public SunDay sunDay(LocalDate date, double lat, double lon) {
    checkCoordinates(lat, lon);
    ZonedDateTime midnight = date.atStartOfDay(zone);
    // oneDay(): only events inside this local date; without it suncalc would look up to a year
    // ahead and return, for a polar place, a sunrise months away.
    SunTimes times = SunTimes.compute().on(midnight).timezone(zone).at(lat, lon).oneDay().execute();
    ZonedDateTime rise = times.getRise();
    ZonedDateTime set = times.getSet();
    if (rise == null || set == null || !set.isAfter(rise)) {
      return new SunDay(
          date,
          date.atTime(FALLBACK_SUNRISE).atZone(zone).toInstant(),
          date.atTime(FALLBACK_SUNSET).atZone(zone).toInstant(),
          true);
    }
    return new SunDay(date, rise.toInstant(), set.toInstant(), false);
  }

  static void checkCoordinates(double lat, double lon) {
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("not a WGS84 coordinate: " + lat + ", " + lon);
    }
  }
}
