package vn.cantho.ioc.core.reading;

import java.time.Instant;
import java.util.Arrays;

/**
 * Input that could not become a reading, kept with the reason so that nothing disappears silently.
 * Hostile input must not be able to make the quarantine itself fail, so text is made storable
 * (PostgreSQL text cannot hold U+0000) and sizes are capped here, once for every source.
 *
 * @param raw the bytes as received (the whole payload, or the one item that failed), at most {@link
 *     #MAX_RAW_BYTES}; the reason says when it was cut
 * @param deviceId the device it claims to come from, when known
 */
public record Rejected(
    String source, String topic, String deviceId, String reason, byte[] raw, Instant receivedAt) {
  public static final int MAX_RAW_BYTES = 64 * 1024;
  static final int MAX_TEXT = 1_000;

  public Rejected {
    source = storable(source);
    topic = storable(topic);
    deviceId = storable(deviceId);
    reason = storable(reason == null ? "no reason given" : reason);
    raw = raw == null ? new byte[0] : raw;
    if (raw.length > MAX_RAW_BYTES) {
      reason = reason + " (raw payload of " + raw.length + " bytes cut to " + MAX_RAW_BYTES + ")";
      raw = Arrays.copyOf(raw, MAX_RAW_BYTES);
    }
  }

  private static String storable(String text) {
    if (text == null) {
      return null;
    }
    String clean = text.replace('\u0000', '\uFFFD');
    return clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) + "…" : clean;
  }
}
