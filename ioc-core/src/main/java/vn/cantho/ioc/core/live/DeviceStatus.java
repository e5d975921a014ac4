package vn.cantho.ioc.core.live;

import java.time.Duration;
import java.time.Instant;
import vn.cantho.ioc.core.device.Device;

/** Whether a device is reporting as expected. Its code is what the API and map show. */
public enum DeviceStatus {
  /** Never reported. */
  UNKNOWN("unknown"),
  /** Reported within three of its intervals. */
  ONLINE("online"),
  /** Silent for longer: a dead probe, a power cut, a lost link. */
  OFFLINE("offline");

  /** Even fast reporters get a minute and a half, so one lost message does not flap the map. */
  private static final Duration MIN_GRACE = Duration.ofSeconds(90);

  private final String code;

  DeviceStatus(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static DeviceStatus of(Device device, Instant lastSeen, Instant now) {
    if (lastSeen == null) {
      return UNKNOWN;
    }
    Duration grace = Duration.ofSeconds(3L * device.reportIntervalS());
    if (grace.compareTo(MIN_GRACE) < 0) {
      grace = MIN_GRACE;
    }
    return lastSeen.plus(grace).isBefore(now) ? OFFLINE : ONLINE;
  }
}
