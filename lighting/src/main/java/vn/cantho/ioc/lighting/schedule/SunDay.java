package vn.cantho.ioc.lighting.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Sunrise and sunset of one local date at one place.
 *
 * @param estimated true when the sun did not rise or set that day at that place (a polar
 *     coordinate, almost certainly a mistyped one) and the times are the fallback 06:00 and 18:00
 *     local: a lamp must still switch, and a wrong coordinate must not leave a street dark
 */
public record SunDay(LocalDate date, Instant sunrise, Instant sunset, boolean estimated) {
  public SunDay {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(sunrise, "sunrise");
    Objects.requireNonNull(sunset, "sunset");
    if (!sunset.isAfter(sunrise)) {
      throw new IllegalArgumentException("sunset " + sunset + " not after sunrise " + sunrise);
    }
  }
}
