package vn.cantho.ioc.lighting.fault;

import java.time.Instant;
import java.util.Objects;

/**
 * A fault raised or cleared on a lamp, at a data time (the reading's, never the wall clock's).
 *
 * @param detail what was seen, in Vietnamese for the maintenance crew, with the numbers
 */
public record FaultEvent(
    String deviceId, FaultKind kind, Transition transition, Instant at, String detail) {
  public enum Transition {
    RAISED,
    CLEARED
  }

  public FaultEvent {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(detail, "detail");
  }

  public boolean raised() {
    return transition == Transition.RAISED;
  }
}
