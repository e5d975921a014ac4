package vn.cantho.ioc.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * A loop detector on an urban road carrying mixed, mostly motorbike traffic. Demand follows the
 * working day (peaks ≈ 07:00–08:00 and 17:00–18:30, lowest ≈ 02:00–04:00), with shapes of its own
 * on Saturday (a half working day) and Sunday (a later, flatter morning); speed falls as demand
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

  /**
   * Weekday demand as a fraction of the detector's busiest moment, by local hour: school and office
   * runs at 07:00–08:00 and 17:00–18:30, a lunch dip, lowest at 02:00–04:00.
   */
  private static final DayCurve WEEKDAY =
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
   * Saturday, a half working day in Vietnam (simulator choice): a lighter morning run (many schools
   * and offices work the morning), a homeward bump when they close at about 11:30, and a long
   * evening of outings instead of a sharp rush.
   */
  private static final DayCurve SATURDAY =
      DayCurve.of(
          0.0, 0.14, //
          2.0, 0.06, //
          4.0, 0.06, //
          5.0, 0.13, //
          6.0, 0.40, //
          7.0, 0.78, //
          7.5, 0.82, //
          8.0, 0.78, //
          9.0, 0.64, //
          11.0, 0.66, //
          11.75, 0.74, // the half day ends
          13.0, 0.52, //
          14.0, 0.52, //
          16.0, 0.66, //
          17.5, 0.80, //
          18.5, 0.84, //
          19.5, 0.80, //
          21.0, 0.62, //
          22.5, 0.36);

  /**
   * Sunday (simulator choice): no school run, so a later and flatter morning that builds to a
   * mid-morning plateau of markets and family visits, and an evening of outings; never the weekday
   * peak.
   */
  private static final DayCurve SUNDAY =
      DayCurve.of(
          0.0, 0.16, //
          2.0, 0.07, //
          4.0, 0.05, //
          5.0, 0.08, //
          6.0, 0.20, //
          7.0, 0.34, //
          8.0, 0.48, //
          9.0, 0.58, //
          10.0, 0.62, // markets, pagodas, family visits
          11.0, 0.60, //
          12.0, 0.50, //
          13.0, 0.44, //
          14.0, 0.46, //
          16.0, 0.58, //
          17.5, 0.70, //
          18.5, 0.75, // evening outings
          19.5, 0.74, //
          21.0, 0.58, //
          22.5, 0.34);

  /**
   * Effective length seen by the loop: a motorbike (≈ 1.9 m) plus the loop itself (≈ 2 m), with a
   * few cars in the mix.
   */
  public static final double EFFECTIVE_LENGTH_M = 4.0;

  /** The slowest a moving stream is reported, km/h. */
  public static final double MIN_SPEED_KMH = 3.0;

  // BPR-style speed curve v = v_free / (1 + α·x^β): half the free-flow speed at capacity.
  private static final double BPR_ALPHA = 1.0;
  private static final double BPR_BETA = 4.0;

  /**
   * Demand as a fraction of a weekday's busiest moment, for a local day of the week and hour. The
   * three shapes differ (not one shape scaled): Sunday has no morning rush at all.
   */
  public static double demandShare(DayOfWeek day, double hourOfDay) {
    return switch (day) {
      case SATURDAY -> SATURDAY.at(hourOfDay);
      case SUNDAY -> SUNDAY.at(hourOfDay);
      default -> WEEKDAY.at(hourOfDay);
    };
  }

  /** Mean speed at a saturation (demand ÷ capacity) on the BPR-type curve, km/h. */
  public static double bprSpeed(double freeFlowKmh, double saturation) {
    return freeFlowKmh / (1 + BPR_ALPHA * Math.pow(saturation, BPR_BETA));
  }

  /** Occupancy (%) from density: k = flow ÷ speed per lane, occ ≈ k · L_eff ÷ 10, at most 100. */
  public static double occupancy(double flowVph, double speedKmh, double lanes) {
    return Math.min(100, flowVph / speedKmh / lanes * EFFECTIVE_LENGTH_M / 10);
  }

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
            * demandShare(CanThoTime.localDate(at).getDayOfWeek(), CanThoTime.hourOfDay(at))
            * (1 + SeededNoise.jitter(id, FLOW, bucket, 0.06));
    double saturation = demand / capacity;
    // Demand beyond capacity queues: the detector counts at most capacity, speed keeps falling.
    double flow = Math.min(demand, capacity);
    double speed =
        Math.max(
            MIN_SPEED_KMH,
            bprSpeed(freeFlowKmh, saturation) + SeededNoise.jitter(id, SPEED, bucket, 1.5));
    double occupancy = occupancy(flow, speed, lanes);

    Map<String, Double> values = new LinkedHashMap<>();
    values.put(FLOW, Math.max(0, flow));
    values.put(SPEED, speed);
    values.put(OCCUPANCY, Math.max(0, occupancy));
    return values;
  }
}
