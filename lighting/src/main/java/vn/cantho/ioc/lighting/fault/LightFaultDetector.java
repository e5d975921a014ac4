package vn.cantho.ioc.lighting.fault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Lamp faults from the lamps' own reports (docs/lighting.md, "Faults"): lamp out, day burner, power
 * too high or low, cycling and comm loss, each raised after two consecutive bad samples and cleared
 * after two good ones.
 *
 * <p>It runs on data time only — each reading's timestamp, and {@link #tick} driven by the newest
 * data time seen — never on the wall clock, so replaying stored readings gives the same events. Not
 * thread-safe: feed it from one thread (one verticle).
 */
public final class LightFaultDetector {
  private final FaultParameters parameters;
  private final Map<String, LampMonitor> lamps = new HashMap<>();
  private long ignored;

  public LightFaultDetector(FaultParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  public FaultParameters parameters() {
    return parameters;
  }

  /**
   * Judges one reading of a lamp with {@code ratedW} rated power, given what it was commanded to do
   * then. Readings must come in timestamp order per lamp; an older or repeated one is ignored (and
   * counted), since judging it would make the result depend on arrival order.
   */
  public List<FaultEvent> onReading(
      String deviceId, double ratedW, LampReading reading, LampContext context) {
    Objects.requireNonNull(deviceId, "deviceId");
    if (!(ratedW > 0)) {
      throw new IllegalArgumentException("rated power " + ratedW + " W of " + deviceId);
    }
    LampMonitor lamp = lamps.computeIfAbsent(deviceId, id -> new LampMonitor(id, parameters));
    if (lamp.lastReadingAt() != null && !reading.at().isAfter(lamp.lastReadingAt())) {
      ignored++;
      return List.of();
    }
    return lamp.onReading(reading, ratedW, context);
  }

  /**
   * Raises comm loss on every lamp silent for {@link FaultParameters#silence()} before {@code
   * dataTime}, the newest data time the caller has seen (from any lamp).
   */
  public List<FaultEvent> tick(Instant dataTime) {
    List<FaultEvent> events = new ArrayList<>();
    for (LampMonitor lamp : lamps.values()) {
      FaultEvent e = lamp.tick(dataTime);
      if (e != null) {
        events.add(e);
      }
    }
    return events;
  }

  public Set<FaultKind> activeFaults(String deviceId) {
    LampMonitor lamp = lamps.get(deviceId);
    return lamp == null ? Set.of() : lamp.active();
  }

  /** Drops a lamp's state (decommissioned, or replaced: the new one starts clean). */
  public void forget(String deviceId) {
    lamps.remove(deviceId);
  }

  /** Readings ignored for arriving out of order. */
  public long ignored() {
    return ignored;
  }
}
