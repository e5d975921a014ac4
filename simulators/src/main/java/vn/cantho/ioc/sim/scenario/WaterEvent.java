package vn.cantho.ioc.sim.scenario;

import java.time.Instant;
import java.util.Set;

/**
 * One scripted event in one pond: the ground truth a benchmark scores the alerts against.
 *
 * @param start when the pond (or probe) starts to go wrong
 * @param end when it is over, recovery included
 * @param peak the worst value the event drives its metric to (NaN for probe failures)
 */
public record WaterEvent(String pond, Kind kind, Instant start, Instant end, double peak) {

  /** What happens, and which alert metrics report it. */
  public enum Kind {
    /** Night-time oxygen crash: respiration outruns the aerators before dawn. */
    DO_CRASH(Set.of("do", "do_projected")),
    /** An algae bloom widens the daily pH swing (shrimp ponds). */
    PH_SWING(Set.of("ph_swing", "ph")),
    /** Dry-season salt water reaches a freshwater pond through its intake. */
    SALINITY_INTRUSION(Set.of("salinity")),
    /** Overfeeding: total ammonia climbs, and with it the toxic un-ionised NH3. */
    AMMONIA_SPIKE(Set.of("nh3")),
    /** The DO sensor freezes at one value. */
    PROBE_FLATLINE(Set.of("probe_fault")),
    /** The probe sends nothing (power, SIM, radio). */
    PROBE_SILENCE(Set.of("probe_offline")),
    /** The pH sensor reports impossible values (fouled, dry, broken cable). */
    PROBE_SPIKES(Set.of("probe_fault"));

    private final Set<String> alertMetrics;

    Kind(Set<String> alertMetrics) {
      this.alertMetrics = alertMetrics;
    }

    public Set<String> alertMetrics() {
      return alertMetrics;
    }

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean probeFailure() {
      return this == PROBE_FLATLINE || this == PROBE_SILENCE || this == PROBE_SPIKES;
    }
  }

  public boolean activeAt(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
