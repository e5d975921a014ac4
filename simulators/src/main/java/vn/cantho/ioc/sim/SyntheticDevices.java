package vn.cantho.ioc.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneSampler;

/**
 * Devices in bulk for trying the IOC at city scale ({@code ioc demo --devices N}, issue 17): mostly
 * streetlights, some traffic detectors and a few river cages, dealt round-robin over the zones and
 * placed at random inside each zone's boundary. The same zones, count and seed give the same
 * devices, and the first {@code n} devices of a larger count are those of count {@code n}, so a
 * restart with more devices only adds. They report every five minutes, a city's controllers'
 * typical rate, so 100,000 of them are about 330 messages a second.
 */
public final class SyntheticDevices {
  /** Every synthetic id starts so, apart from the demo's own devices. */
  public static final String ID_PREFIX = "syn-";

  public static final int REPORT_INTERVAL_S = 300;

  /** A device and the zone it was placed in. */
  public record Placed(SimDevice device, String zoneId) {}

  private SyntheticDevices() {}

  public static List<Placed> generate(List<Zone> zones, int count, long seed) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative");
    }
    if (zones.isEmpty() && count > 0) {
      throw new IllegalArgumentException("no zones to place devices in");
    }
    List<Zone> sorted = new ArrayList<>(zones);
    sorted.sort(Comparator.comparing(Zone::id));
    Map<String, ZoneSampler> samplers = new HashMap<>();
    Random random = new Random(seed);
    List<Placed> out = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      Zone zone = sorted.get((n - 1) % sorted.size());
      ZoneSampler sampler = samplers.computeIfAbsent(zone.id(), id -> new ZoneSampler(zone));
      Coordinate c = sampler.randomPoint(random);
      out.add(new Placed(device(n, zone, round6(c.x), round6(c.y)), zone.id()));
    }
    return out;
  }

  /** 94 in 100 streetlights, 5 traffic detectors, 1 river cage. */
  private static SimDevice device(int n, Zone zone, double lon, double lat) {
    int kind = n % 100;
    String number = String.format(Locale.ROOT, "%06d", n);
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (kind < 94) {
      attributes.put(RegistryGenerator.RATED_POWER_W, 100);
      attributes.put(RegistryGenerator.LAMP_TYPE, LightingModel.LAMP_TYPE_LED);
      return simDevice(
          "sl",
          DeviceDomain.LIGHTING,
          LightingModel.LED_STREETLIGHT,
          "Đèn đường",
          number,
          zone,
          lon,
          lat,
          attributes);
    }
    if (kind < 99) {
      return simDevice(
          "tf",
          DeviceDomain.TRAFFIC,
          TrafficModel.LOOP_DETECTOR,
          "Đầu đo giao thông",
          number,
          zone,
          lon,
          lat,
          attributes);
    }
    return simDevice(
        "wq",
        DeviceDomain.WATER,
        WaterSiteType.RIVER_CAGE.code(),
        WaterSiteType.RIVER_CAGE.vietnameseLabel(),
        number,
        zone,
        lon,
        lat,
        attributes);
  }

  private static SimDevice simDevice(
      String prefix,
      DeviceDomain domain,
      String type,
      String label,
      String number,
      Zone zone,
      double lon,
      double lat,
      Map<String, Object> attributes) {
    return new SimDevice(
        ID_PREFIX + prefix + "-" + number,
        domain.code(),
        type,
        label + " (mô phỏng) " + number + " – " + zone.name(),
        lon,
        lat,
        REPORT_INTERVAL_S,
        attributes);
  }

  private static double round6(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
