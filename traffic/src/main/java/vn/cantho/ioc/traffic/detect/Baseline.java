package vn.cantho.ioc.traffic.detect;

/**
 * What is usual for one station in one 15-minute slot of one day type (weekday, Saturday, Sunday or
 * holiday): medians and robust spreads (1.4826 × MAD, floored) over the last weeks' healthy,
 * incident-free minutes. The 7 h and 17 h peaks and a bottleneck that jams every day are in it,
 * which is what keeps recurrent congestion from looking like an incident.
 */
public record Baseline(
    double speed, double speedSpread, double occupancy, double occupancySpread, double flow) {
  /** Floors of the spreads, so a very regular slot does not make every wobble an anomaly. */
  public static final double MIN_SPEED_SPREAD = 3;

  public static final double MIN_OCCUPANCY_SPREAD = 2;

  public Baseline {
    speedSpread = Math.max(speedSpread, MIN_SPEED_SPREAD);
    occupancySpread = Math.max(occupancySpread, MIN_OCCUPANCY_SPREAD);
  }

  /** Much slower or much fuller than usual. */
  public boolean anomalous(StationMinute m) {
    boolean slow = m.speed() <= 0.6 * speed && (speed - m.speed()) / speedSpread >= 3;
    boolean full = m.occupancy() >= occupancy + Math.max(10, 3 * occupancySpread);
    return slow || full;
  }

  /** About as fast and as empty as usual. */
  public boolean normal(StationMinute m) {
    return m.speed() >= 0.8 * speed && m.occupancy() <= occupancy + 2 * occupancySpread;
  }

  /** Fewer vehicles than usual at a usual speed: what a blockage upstream leaves downstream. */
  public boolean starved(StationMinute m) {
    return m.flow() <= 0.7 * flow && m.speed() >= 0.8 * speed;
  }
}
