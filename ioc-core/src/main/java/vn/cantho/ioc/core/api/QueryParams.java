package vn.cantho.ioc.core.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses query parameters into values, with messages a client can act on. */
public final class QueryParams {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

  private QueryParams() {}

  /**
   * The parameter, stripped; null when absent or blank. Control characters are refused: no id, name
   * or time has them, and PostgreSQL refuses NUL in text, which would otherwise surface as a 500.
   */
  public static String text(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    return ControlCharacters.refuse(name, value).strip();
  }

  public static int intInRange(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = text(ctx, name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw new BadRequest(name + " must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be a whole number", e);
    }
  }

  /** The earliest time a client may ask about: no reading, alert or audit entry is older. */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** The end of the times a client may ask about (exclusive): four-digit years only. */
  static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  /**
   * ISO-8601 instant with an offset, e.g. 2026-11-23T06:00:00Z or 2026-11-23T13:00:00+07:00, in the
   * years 1970 to 9999. Every time parameter comes through here, so a time PostgreSQL cannot hold
   * (it ends at 4713 BC) is a 400, not a failed query.
   */
  public static Instant instant(RoutingContext ctx, String name, Instant fallback) {
    String value = text(ctx, name);
    if (value == null) {
      return fallback;
    }
    Instant parsed;
    try {
      parsed = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          name + " must be an ISO-8601 time with offset, e.g. 2026-11-23T06:00:00Z", e);
    }
    if (parsed.isBefore(EARLIEST) || !parsed.isBefore(LATEST)) {
      throw new BadRequest(name + " must be a time in the years 1970 to 9999");
    }
    return parsed;
  }

  /** ISO-8601 duration (PT5M) or short form (30s, 5m, 1h, 1d); null when absent. */
  public static Duration duration(RoutingContext ctx, String name) {
    String value = text(ctx, name);
    if (value == null) {
      return null;
    }
    Matcher m = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      return Duration.parse(value);
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw new BadRequest(name + " must be a duration such as PT5M, 30s, 5m, 1h or 1d", e);
    }
  }
}
