package vn.cantho.ioc.sim.lighting;

import java.time.Instant;
import java.util.Objects;

/**
 * One simulated fault of one lamp, from {@code start} (inclusive) to {@code end} (exclusive): a
 * line of the ground truth.
 */
public record FaultWindow(String deviceId, LightingFault fault, Instant start, Instant end) {
  public FaultWindow {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(deviceId + ": a fault must end after it starts");
    }
  }

  public boolean covers(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
