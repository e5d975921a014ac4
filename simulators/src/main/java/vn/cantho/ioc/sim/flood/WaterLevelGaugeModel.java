package vn.cantho.ioc.sim.flood;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.sim.ReadingModel;
import vn.cantho.ioc.sim.SeededNoise;
import vn.cantho.ioc.sim.SimDevice;

/**
 * A radar water-level gauge at a hydrological station: the true level of its {@link TideModel} (the
 * demo's, found by device id) plus a few millimetres of sensor noise, to 0.1 cm like the station's
 * logger.
 */
public final class WaterLevelGaugeModel implements ReadingModel {
  public static final String TYPE = "water_level_gauge";
  public static final String METRIC = "level";

  /** Half-width of the triangular noise; its standard deviation is this over √6, ≈ 0.5 cm. */
  public static final double NOISE_HALF_WIDTH_CM = 1.2;

  private static final List<String> METRICS = List.of(METRIC);

  @Override
  public List<String> metrics() {
    return METRICS;
  }

  @Override
  public Map<String, Double> sample(SimDevice device, Instant at) {
    TideModel truth = FloodGauges.demoModel(device.id());
    return Map.of(METRIC, measuredCm(device.id(), truth.levelCm(at), at));
  }

  /** The truth as the gauge reads it: noise drawn per device and second, rounded to 0.1 cm. */
  public static double measuredCm(String deviceId, double truthCm, Instant at) {
    double noise =
        SeededNoise.jitter(
            SeededNoise.key(deviceId, METRIC), at.getEpochSecond(), NOISE_HALF_WIDTH_CM);
    return Math.round((truthCm + noise) * 10) / 10.0;
  }
}
