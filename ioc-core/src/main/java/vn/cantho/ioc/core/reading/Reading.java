package vn.cantho.ioc.core.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one metric of one device at one instant: the unit of everything the system stores.
 * (device, metric, ts) identifies it, so a re-delivered reading is recognised as the same one.
 *
 * @param source where it came from, e.g. {@code mqtt}, {@code opcua}, {@code http}
 */
public record Reading(
    String deviceId, String metric, Instant ts, double value, Quality quality, String source) {

  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(source, "source");
  }

  /**
   * True if both were taken by one device at one instant: in practice the readings of one message,
   * which is how the lag metrics count once per message.
   */
  public boolean sameSampleAs(Reading other) {
    return other != null && ts.equals(other.ts) && deviceId.equals(other.deviceId);
  }
}
