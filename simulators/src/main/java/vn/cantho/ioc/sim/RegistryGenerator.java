package vn.cantho.ioc.sim;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneSampler;

/**
 * Creates the simulated fleet inside real zones, reproducibly: the same zones and seed always give
 * the same devices. Water probes go to rural communes (where ponds and cages are), traffic
 * detectors to urban wards, streetlights mostly to wards.
 */
public final class RegistryGenerator {
  public static final String URBAN_WARD = "phuong";
  public static final String RURAL_COMMUNE = "xa";

  /** Attribute keys the models read; a real registry would hold the same facts. */
  public static final String RATED_POWER_W = "ratedPowerW";

  /** Lamp technology, e.g. {@code LED}. */
  public static final String LAMP_TYPE = "lampType";

  /**
   * The control cabinet (tủ điều khiển chiếu sáng) feeding the lamp: {@code tu-<zoneId>-<nn>}, the
   * lamps of one zone grouped by proximity, at most {@value LightingGroups#MAX_PER_CABINET} each.
   */
  public static final String CABINET = "cabinet";

  /** The cabinet's output circuit (1–3) the lamp hangs on. */
  public static final String CIRCUIT = "circuit";

  /** The street the cabinet's lamps light: a synthetic label, one per cabinet. */
  public static final String STREET = "street";

  public static final String LANES = "lanes";
  public static final String CAPACITY_VPH = "capacityVph";
  public static final String FREE_FLOW_KMH = "freeFlowKmh";

  /**
   * Ground truth for fault-detection tests: a TALQ event name ({@code lampUnexpectedOn}, {@code
   * lampFailure}) that the lamp's readings will show.
   */
  public static final String SIMULATED_FAULT = "simulatedFault";

  private static final double LIGHTING_WARD_SHARE = 0.8;
  private static final double FAULTY_LAMP_SHARE = 0.01;
  private static final int[] WARD_LAMP_WATTS = {80, 100, 120, 150};
  private static final int[] COMMUNE_LAMP_WATTS = {60, 70, 80, 100};
  private static final int MAX_PLACEMENT_TRIES = 100;

  private final ZoneOwnership ownership;
  private final AreaWeightedZones wards;
  private final AreaWeightedZones communes;
  private final long seed;
  private final Clock clock;

  public RegistryGenerator(List<Zone> zones, long seed) {
    this(zones, seed, Clock.systemUTC());
  }

  /**
   * @param clock only stamps {@link Registry#generatedAt()}; a fixed clock makes the whole file
   *     reproducible
   */
  public RegistryGenerator(List<Zone> zones, long seed, Clock clock) {
    // Sorted so that the result does not depend on the order of features in the source file.
    List<Zone> sorted = zones.stream().sorted(Comparator.comparing(Zone::id)).toList();
    this.ownership = new ZoneOwnership(sorted);
    this.wards = new AreaWeightedZones("urban ward (type phuong)", ofType(sorted, URBAN_WARD));
    this.communes = new AreaWeightedZones("rural commune (type xa)", ofType(sorted, RURAL_COMMUNE));
    this.seed = seed;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Registry generate() {
    return generate(FleetSize.DEFAULT);
  }

  public Registry generate(FleetSize size) {
    List<SimDevice> devices = new ArrayList<>(size.total());
    devices.addAll(waterProbes(size.water()));
    devices.addAll(trafficDetectors(size.traffic()));
    devices.addAll(streetlights(size.lighting()));
    return new Registry(clock.instant().truncatedTo(ChronoUnit.SECONDS), seed, devices);
  }

  private List<SimDevice> waterProbes(int count) {
    Random random = randomFor(DeviceDomain.WATER);
    List<WaterSiteType> types = new ArrayList<>(count);
    int pangasius = (int) Math.round(count * WaterSiteType.PANGASIUS_POND.share());
    int shrimp = (int) Math.round(count * WaterSiteType.SHRIMP_POND.share());
    types.addAll(Collections.nCopies(pangasius, WaterSiteType.PANGASIUS_POND));
    types.addAll(Collections.nCopies(shrimp, WaterSiteType.SHRIMP_POND));
    types.addAll(Collections.nCopies(count - pangasius - shrimp, WaterSiteType.RIVER_CAGE));
    Collections.shuffle(types, random);

    List<SimDevice> devices = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      WaterSiteType type = types.get(n - 1);
      Placement at = place(communes, random);
      devices.add(device(DeviceDomain.WATER, n, type.code(), type.vietnameseLabel(), at, Map.of()));
    }
    return devices;
  }

  private List<SimDevice> trafficDetectors(int count) {
    Random random = randomFor(DeviceDomain.TRAFFIC);
    List<SimDevice> devices = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      Placement at = place(wards, random);
      int lanes = 2 + random.nextInt(3);
      // Mixed traffic, mostly motorbikes: 1,600–2,400 vehicles per lane-width and hour.
      int capacityVph = lanes * (1_600 + 100 * random.nextInt(9));
      int freeFlowKmh = 35 + random.nextInt(21);
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put(LANES, lanes);
      attributes.put(CAPACITY_VPH, capacityVph);
      attributes.put(FREE_FLOW_KMH, freeFlowKmh);
      devices.add(
          device(
              DeviceDomain.TRAFFIC,
              n,
              TrafficModel.LOOP_DETECTOR,
              "Đầu đo giao thông",
              at,
              attributes));
    }
    return devices;
  }

  private List<SimDevice> streetlights(int count) {
    Random random = randomFor(DeviceDomain.LIGHTING);
    int inWards = (int) Math.round(count * LIGHTING_WARD_SHARE);
    List<Boolean> wardSlots = new ArrayList<>(count);
    wardSlots.addAll(Collections.nCopies(inWards, true));
    wardSlots.addAll(Collections.nCopies(count - inWards, false));
    Collections.shuffle(wardSlots, random);

    List<String> faults = new ArrayList<>(Collections.nCopies(count, (String) null));
    int faulty = (int) Math.round(count * FAULTY_LAMP_SHARE);
    for (int i = 0; i < faulty; i++) {
      faults.set(i, i % 2 == 0 ? LightingModel.LAMP_UNEXPECTED_ON : LightingModel.LAMP_FAILURE);
    }
    Collections.shuffle(faults, random);

    // Placement and power draw first, in the same random order as before the grouping attributes
    // existed, so that a seed still puts every lamp where it always did.
    List<Placement> placements = new ArrayList<>(count);
    List<Integer> ratedWatts = new ArrayList<>(count);
    List<String> ids = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      boolean ward = wardSlots.get(n - 1);
      placements.add(place(ward ? wards : communes, random));
      int[] watts = ward ? WARD_LAMP_WATTS : COMMUNE_LAMP_WATTS;
      ratedWatts.add(watts[random.nextInt(watts.length)]);
      ids.add(DeviceDomain.LIGHTING.deviceId(n));
    }
    Map<String, LightingGroups.Group> groups = LightingGroups.assign(ids, placements, seed);

    List<SimDevice> devices = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      attributes.put(RATED_POWER_W, ratedWatts.get(n - 1));
      attributes.put(LAMP_TYPE, LightingModel.LAMP_TYPE_LED);
      LightingGroups.Group group = groups.get(ids.get(n - 1));
      attributes.put(CABINET, group.cabinet());
      attributes.put(CIRCUIT, group.circuit());
      attributes.put(STREET, group.street());
      String fault = faults.get(n - 1);
      if (fault != null) {
        attributes.put(SIMULATED_FAULT, fault);
      }
      devices.add(
          device(
              DeviceDomain.LIGHTING,
              n,
              LightingModel.LED_STREETLIGHT,
              "Đèn đường",
              placements.get(n - 1),
              attributes));
    }
    return devices;
  }

  private static SimDevice device(
      DeviceDomain domain,
      int number,
      String type,
      String label,
      Placement at,
      Map<String, Object> attributes) {
    String id = domain.deviceId(number);
    String digits = id.substring(domain.idPrefix().length() + 1);
    return new SimDevice(
        id,
        domain.code(),
        type,
        label + " " + digits + " – " + at.zone().name(),
        at.lon(),
        at.lat(),
        domain.reportIntervalS(),
        attributes);
  }

  /**
   * A point inside a zone that stays inside it after rounding to six decimals, and that no other
   * zone covers too (see {@link ZoneOwnership}).
   */
  private Placement place(AreaWeightedZones zones, Random random) {
    for (int attempt = 0; attempt < MAX_PLACEMENT_TRIES; attempt++) {
      ZoneSampler sampler = zones.pick(random);
      Coordinate c = sampler.randomPoint(random);
      double lon = round6(c.x);
      double lat = round6(c.y);
      boolean sameZone =
          ownership.soleOwner(lon, lat).map(z -> z.id().equals(sampler.zone().id())).orElse(false);
      if (sameZone) {
        return new Placement(sampler.zone(), lon, lat);
      }
    }
    throw new IllegalStateException("could not place a device unambiguously inside a zone");
  }

  /** One random stream per domain, so changing the lamp count leaves the water probes unchanged. */
  private Random randomFor(DeviceDomain domain) {
    return new Random(seed * 31 + domain.code().hashCode());
  }

  private static double round6(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  private static List<Zone> ofType(List<Zone> zones, String type) {
    return zones.stream().filter(z -> type.equals(z.type())).toList();
  }

  record Placement(Zone zone, double lon, double lat) {}
}
