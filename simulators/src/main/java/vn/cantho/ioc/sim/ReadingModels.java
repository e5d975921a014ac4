package vn.cantho.ioc.sim;

import java.time.Instant;
import java.util.Map;

/** Finds the model that simulates a device, by its domain (and type, for river stations). */
public final class ReadingModels {
  private static final ReadingModel WATER = new WaterQualityModel();
  private static final ReadingModel TRAFFIC = new TrafficModel();
  private static final ReadingModel LIGHTING = new LightingModel();
  private static final ReadingModel RIVER_STATION = new RiverStationModel();

  private ReadingModels() {}

  public static ReadingModel forDomain(String domain) {
    return switch (DeviceDomain.of(domain)) {
      case WATER -> WATER;
      case TRAFFIC -> TRAFFIC;
      case LIGHTING -> LIGHTING;
    };
  }

  /** The model of one device: its domain's, or a river station's. */
  public static ReadingModel forDevice(SimDevice device) {
    return RiverStationModel.TYPE.equals(device.type())
        ? RIVER_STATION
        : forDomain(device.domain());
  }

  public static Map<String, Double> sample(SimDevice device, Instant at) {
    return forDevice(device).sample(device, at);
  }
}
