package vn.cantho.ioc.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-made devices for model tests, independent of the registry generator. */
final class Devices {
  private Devices() {}

  static SimDevice water(String id, WaterSiteType type) {
    return new SimDevice(
        id, "water", type.code(), type.vietnameseLabel() + " test", 105.6, 10.0, 15, Map.of());
  }

  static SimDevice traffic(String id, int lanes, int capacityVph, int freeFlowKmh) {
    return new SimDevice(
        id,
        "traffic",
        TrafficModel.LOOP_DETECTOR,
        "Đầu đo giao thông test",
        105.78,
        10.03,
        30,
        Map.of(
            RegistryGenerator.LANES, lanes,
            RegistryGenerator.CAPACITY_VPH, capacityVph,
            RegistryGenerator.FREE_FLOW_KMH, freeFlowKmh));
  }

  static SimDevice lamp(String id, int ratedPowerW, Map<String, Object> extra) {
    Map<String, Object> attributes = new LinkedHashMap<>(extra);
    attributes.put(RegistryGenerator.RATED_POWER_W, ratedPowerW);
    return new SimDevice(
        id,
        "lighting",
        LightingModel.LED_STREETLIGHT,
        "Đèn đường test",
        105.78,
        10.03,
        60,
        attributes);
  }
}
