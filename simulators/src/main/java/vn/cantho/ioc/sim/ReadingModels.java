package vn.cantho.ioc.sim;

import java.time.Instant;
import java.util.Map;
import vn.cantho.ioc.sim.flood.WaterLevelGaugeModel;

/**
 * Finds the model that simulates a device, by its domain, or by its type for the devices of a
 * domain the fleet has no enum for (river stations, the flood domain's water-level gauges).
 */
public final class ReadingModels {
  private static final ReadingModel WATER = new WaterQualityModel();
  private static final ReadingModel TRAFFIC = new TrafficModel();
  private static final ReadingModel LIGHTING = new LightingModel();
  private static final ReadingModel RIVER_STATION = new RiverStationModel();
  private static final ReadingModel WATER_LEVEL_GAUGE = new WaterLevelGaugeModel();

  private ReadingModels() {}

  public static ReadingModel forDomain(String domain) {
    return switch (DeviceDomain.of(domain)) {
      case WATER -> WATER;
      case TRAFFIC -> TRAFFIC;
      case LIGHTING -> LIGHTING;
    };
  }

  /**
   * The model of one device: a river station's or a water-level gauge's by type, else its domain's.
   * The type comes first because {@link DeviceDomain} does not know "flood".
   */
  public static ReadingModel forDevice(SimDevice device) {
    return switch (device.type()) {
      case RiverStationModel.TYPE -> RIVER_STATION;
      case WaterLevelGaugeModel.TYPE -> WATER_LEVEL_GAUGE;
      default -> forDomain(device.domain());
    };
  }

  public static Map<String, Double> sample(SimDevice device, Instant at) {
    return forDevice(device).sample(device, at);
  }
}
