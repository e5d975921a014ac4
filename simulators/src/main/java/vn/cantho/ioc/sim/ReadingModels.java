package vn.cantho.ioc.sim;

import java.time.Instant;
import java.util.Map;

/** Finds the model that simulates a device, by its domain. */
public final class ReadingModels {
  private static final ReadingModel WATER = new WaterQualityModel();
  private static final ReadingModel TRAFFIC = new TrafficModel();
  private static final ReadingModel LIGHTING = new LightingModel();

  private ReadingModels() {}

  public static ReadingModel forDomain(String domain) {
    return switch (DeviceDomain.of(domain)) {
      case WATER -> WATER;
      case TRAFFIC -> TRAFFIC;
      case LIGHTING -> LIGHTING;
    };
  }

  public static Map<String, Double> sample(SimDevice device, Instant at) {
    return forDomain(device.domain()).sample(device, at);
  }
}
