package vn.cantho.ioc.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An automatic surface-water monitoring station on a river (trạm quan trắc nước mặt tự động): the
 * river's DO, pH, temperature, salinity and ammonia as a river cage sees them, plus the organic
 * load and bacteria the VN_WQI needs (COD, nitrite, coliform). Real stations send coliform from the
 * lab a few times a month; the demo station reports it with every sample.
 */
final class RiverStationModel implements ReadingModel {
  static final String TYPE = "river_station";
  private static final WaterQualityModel WATER = new WaterQualityModel();
  private static final List<String> METRICS =
      List.of("do", "ph", "temp", "salinity", "tan", "no2", "cod", "coliform");

  @Override
  public List<String> metrics() {
    return METRICS;
  }

  @Override
  public Map<String, Double> sample(SimDevice device, Instant at) {
    SimDevice asCage =
        new SimDevice(
            device.id(),
            device.domain(),
            WaterSiteType.RIVER_CAGE.code(),
            device.name(),
            device.lon(),
            device.lat(),
            device.reportIntervalS(),
            null,
            device.owner());
    Map<String, Double> values = new LinkedHashMap<>(WATER.sample(asCage, at));
    String id = device.id();
    long bucket = at.getEpochSecond();
    // Hậu river stations: COD 8–16 mg/L, nitrite a few hundredths, coliform in the thousands.
    values.put(
        "no2",
        SeededNoise.trait(id, "no2", 0.02, 0.05) + SeededNoise.jitter(id, "no2", bucket, 0.002));
    values.put(
        "cod", SeededNoise.trait(id, "cod", 8, 16) + SeededNoise.jitter(id, "cod", bucket, 0.5));
    values.put(
        "coliform",
        (double)
            Math.round(
                SeededNoise.trait(id, "coliform", 1_500, 4_000)
                    + SeededNoise.jitter(id, "coliform", bucket, 100)));
    values.replaceAll((k, v) -> Math.max(0, v));
    return values;
  }
}
