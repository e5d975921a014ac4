package vn.cantho.ioc.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * A loop detector on an urban road carrying mixed, mostly motorbike traffic. Demand follows the
 * working day (peaks ≈ 07:00–08:00 and 17:00–18:30, lowest ≈ 02:00–04:00); speed falls as demand
 * approaches the road's capacity (a BPR-type curve); occupancy follows from density, k ≈ 10 ·
 * occ(%) / L_eff (docs/domain.md §5.1).
 */
public final class TrafficModel implements ReadingModel {
  /** Vehicles per hour, all lanes of the detector. */
  public static final String FLOW = "flow";

  /** Mean speed, km/h. */
  public static final String SPEED = "speed";

  /** Share of time the loop is occupied, % (0–100). */
  public static final String OCCUPANCY = "occupancy";

  public static final List<String> METRICS = List.of(FLOW, SPEED, OCCUPANCY);

  public static final String LOOP_DETECTOR = "loop_detector";

  /** Demand as a fraction of the detector's busiest moment, by local hour. */
  private static final DayCurve DEMAND =
      DayCurve.of(
          0.0, 0.12, //
          2.0, 0.05, //
          4.0, 0.06, //
          5.0, 0.15, //
          6.0, 0.50, //
          7.0, 0.95, //
          7.5, 1.00, // school and office run
          8.0, 0.92, //
          9.0, 0.65, //
          11.0, 0.62, //
          12.0, 0.55, // lunch break
          13.0, 0.50, //
          14.0, 0.58, //
          16.0, 0.75, //
          17.0, 0.95, //
          17.75, 1.00, // evening rush
          18.5, 0.92, //
          19.5, 0.70, //
          21.0, 0.50, //
          22.5, 0.30);

  /**
   * Effective length seen by the loop: a motorbike (≈ 1.9 m) plus the loop itself (≈ 2 m), with a
   * few cars in the mix.
   */
  private static final double EFFECTIVE_LENGTH_M = 4.0;

  // BPR-style speed curve v = v_free / (1 + α·x^β): half the free-flow speed at capacity.
  private static final double BPR_ALPHA = 1.0;
  private static final double BPR_BETA = 4.0;
  private static final double MIN_SPEED_KMH = 3.0;

  @Override
  public List<String> metrics() {
    return METRICS;
  }

  @Override
  public Map<String, Double> sample(SimDevice device, Instant at) {
    String id = device.id();
    long bucket = at.getEpochSecond();
    double lanes = device.numberAttribute(RegistryGenerator.LANES, 2);
    double capacity =
        device.numberAttribute(
            RegistryGenerator.CAPACITY_VPH, lanes * SeededNoise.trait(id, "capacity", 1600, 2400));
    double freeFlowKmh =
        device.numberAttribute(
            RegistryGenerator.FREE_FLOW_KMH, SeededNoise.trait(id, "freeFlow", 35, 55));
    // How close to capacity this road gets at its busiest: a few corridors saturate, most do not.
    double peakRatio = SeededNoise.trait(id, "peakRatio", 0.75, 1.05);

    double demand =
        capacity
            * peakRatio
            * DEMAND.at(CanThoTime.hourOfDay(at))
            * weekdayFactor(at)
            * (1 + SeededNoise.jitter(id, FLOW, bucket, 0.06));
    double saturation = demand / capacity;
    // Demand beyond capacity queues: the detector counts at most capacity, speed keeps falling.
    double flow = Math.min(demand, capacity);
    double speed =
        Math.max(
            MIN_SPEED_KMH,
            freeFlowKmh / (1 + BPR_ALPHA * Math.pow(saturation, BPR_BETA))
                + SeededNoise.jitter(id, SPEED, bucket, 1.5));
    double densityPerLane = flow / speed / lanes;
    double occupancy = Math.min(100, densityPerLane * EFFECTIVE_LENGTH_M / 10);

    Map<String, Double> values = new LinkedHashMap<>();
    values.put(FLOW, Math.max(0, flow));
    values.put(SPEED, speed);
    values.put(OCCUPANCY, Math.max(0, occupancy));
    return values;
  }

  /** Saturday is a half working day in Vietnam; Sunday traffic is lighter. */
  private static double weekdayFactor(Instant at) {
    DayOfWeek day = CanThoTime.localDate(at).getDayOfWeek();
    return switch (day) {
      case SATURDAY -> 0.9;
      case SUNDAY -> 0.75;
      default -> 1.0;
    };
  }
}
