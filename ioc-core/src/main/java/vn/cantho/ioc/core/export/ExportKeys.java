package vn.cantho.ioc.core.export;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import java.time.Instant;

/**
 * Row keys of several parts (a reading's device, metric and time), written as a JSON array so no
 * separator can clash with an id. A key the client altered fails to read: {@link
 * IllegalArgumentException}, which the route answers 400.
 */
public final class ExportKeys {
  private ExportKeys() {}

  public static String of(Object... parts) {
    return new JsonArray(java.util.Arrays.asList(parts)).encode();
  }

  /** The parts of a key this class wrote, checked to be {@code count} long. */
  public static JsonArray read(String key, int count) {
    try {
      JsonArray parts = new JsonArray(key);
      if (parts.size() != count) {
        throw new IllegalArgumentException("cursor is not valid; use the next page's link");
      }
      return parts;
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("cursor is not valid; use the next page's link", e);
    }
  }

  /** A whole-number key (an id), or a refusal naming the cursor. */
  public static long number(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cursor is not valid; use the next page's link", e);
    }
  }

  /** An instant as a key part: seconds and nanoseconds, exact at PostgreSQL's microseconds. */
  public static Instant instant(JsonArray parts, int at) {
    try {
      return Instant.ofEpochSecond(parts.getLong(at), parts.getLong(at + 1));
    } catch (ClassCastException | NullPointerException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("cursor is not valid; use the next page's link", e);
    }
  }
}
