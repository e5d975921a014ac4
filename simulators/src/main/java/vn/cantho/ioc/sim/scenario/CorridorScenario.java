package vn.cantho.ioc.sim.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.sim.SeededNoise;
import vn.cantho.ioc.sim.TrafficModel;
import vn.cantho.ioc.sim.scenario.TrafficEvent.Fault;
import vn.cantho.ioc.sim.scenario.TrafficEvent.Kind;

/**
 * Days of one-minute traffic on Can Tho's arterials, station by station, with injected incidents,
 * daily bottlenecks, rain and detector faults, and their ground truth: what the traffic benchmark
 * runs through the real pipeline to score the detection methods (docs/traffic-incident-detection.md
 * §3). Every number below is a simulator choice (🛠) for mixed, motorbike-dominated traffic.
 *
 * <p>The road is seed-independent: capacities, free-flow speeds and demand levels are traits of the
 * station and corridor ids, so a training week and an evaluated week with different seeds are the
 * same city (a learnt baseline must fit the next week), and the two recurrent bottlenecks sit at
 * the same places. The seed chooses only the noise and the events.
 *
 * <p>A reading is a pure function of (seed, station, minute): events and their queues are worked
 * out once in the constructor, so readings may be asked in any order (a replay equals a live run)
 * and cost a few hundred nanoseconds.
 */
public final class CorridorScenario {

  /**
   * How often each kind of event is injected; a training week has events too, just another seed.
   *
   * @param laneBlocksPerDay over the whole network, mean per day
   * @param stallsPerDay over the whole network, mean per day
   * @param faultsPerDay detector faults over the whole network, mean per day
   * @param rainPerWeek rain episodes, mean per week
   * @param recurrentBottlenecks how many places jam in every weekday peak
   */
  public record Rates(
      double laneBlocksPerDay,
      double stallsPerDay,
      double faultsPerDay,
      double rainPerWeek,
      int recurrentBottlenecks) {
    /** About 3 lane blocks, 2 stalls and 2 faults a day, 3 showers a week, 2 daily bottlenecks. */
    public static final Rates DEFAULT = new Rates(3, 2, 2, 3, 2);

    /** Traffic alone: what the same seed gives without any event. */
    public static final Rates NONE = new Rates(0, 0, 0, 0, 0);

    public Rates {
      for (double rate : new double[] {laneBlocksPerDay, stallsPerDay, faultsPerDay, rainPerWeek}) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
          throw new IllegalArgumentException("rates must be finite and not negative");
        }
      }
      if (recurrentBottlenecks < 0) {
        throw new IllegalArgumentException("recurrentBottlenecks must not be negative");
      }
    }
  }

  // --- The road (seed-independent traits) ---

  /** Saturation flow per lane of an urban arterial in veh/h, per station. */
  static final double MIN_CAPACITY_PER_LANE = 1_800;

  static final double MAX_CAPACITY_PER_LANE = 2_200;

  /** The reference per lane that a corridor's peak ratio scales to its busiest-moment demand. */
  private static final double REFERENCE_DEMAND_PER_LANE = 2_000;

  /**
   * Busiest-moment demand ÷ reference, per corridor and direction: the inbound morning of a busy
   * road saturates some stations, a quiet road never does.
   */
  private static final double MIN_PEAK_RATIO = 0.70;

  private static final double MAX_PEAK_RATIO = 0.85;

  /**
   * A station's demand around its corridor's: side streets and markets add or take a few per cent
   * between two stations, the same vehicles pass both.
   */
  private static final double STATION_DEMAND_SPREAD = 0.06;

  /**
   * Free-flow speed of a corridor (its speed limit and signal density) and a station's deviation.
   */
  private static final double MIN_CORRIDOR_FREE_FLOW_KMH = 38;

  private static final double MAX_CORRIDOR_FREE_FLOW_KMH = 52;
  private static final double STATION_FREE_FLOW_SPREAD_KMH = 3;

  /** The catalog's ceilings; the model stays well below them, the clamp is a last guard. */
  private static final double MAX_FLOW = 20_000;

  private static final double MAX_SPEED = 200;

  // --- Day-to-day and minute-to-minute variation (seeded) ---

  /** A corridor-direction's whole day runs a few per cent busier or lighter than usual. */
  private static final double DAILY_LEVEL_HALF_WIDTH = 0.04;

  /** Slow swings of a corridor-direction's demand, per 15 minutes, interpolated in between. */
  private static final double SLOW_SWING_HALF_WIDTH = 0.05;

  private static final int SLOW_SWING_MINUTES = 15;

  /**
   * One-minute aggregates on signalised streets swing with how much red time fell in the minute: a
   * shared "signal" term makes a slow minute also a full one and a slightly emptier one, and each
   * measure has its own term on top. Totals: flow ±8 %, speed ±13 %, occupancy ±18 %.
   */
  private static final double SIGNAL_ON_FLOW = 0.04;

  private static final double OWN_FLOW = 0.04;
  private static final double SIGNAL_ON_SPEED = 0.07;
  private static final double OWN_SPEED = 0.06;
  private static final double SIGNAL_ON_OCCUPANCY = 0.09;
  private static final double OWN_OCCUPANCY = 0.09;

  /** A loop that vehicles cross is occupied some of the time: occupancy is never 0 with flow. */
  private static final double MIN_OCCUPANCY_WITH_FLOW = 0.1;

  // --- Queues ---

  /** Inside a queue: stop-and-go behind the blockage. */
  private static final double QUEUE_MIN_SPEED = 5;

  private static final double QUEUE_MAX_SPEED = 12;
  private static final double QUEUE_MIN_OCCUPANCY = 35;
  private static final double QUEUE_MAX_OCCUPANCY = 65;

  /** A station's typical occupancy inside a queue, drawn per event and station. */
  private static final double QUEUE_TYPICAL_MIN_OCCUPANCY = 40;

  private static final double QUEUE_TYPICAL_MAX_OCCUPANCY = 60;

  /**
   * The growth rate is the event's full rate when demand exceeds the reduced capacity by 20 % or
   * more, down to half of it for a small excess (a shock wave is slower when fewer vehicles pile
   * up).
   */
  private static final double FULL_GROWTH_EXCESS = 0.20;

  private static final double MIN_GROWTH_SHARE = 0.5;

  /** When demand falls below the reduced capacity, the tail recedes, m per minute. */
  private static final double RECEDE_M_PER_MIN = 150;

  /** After the blockage is cleared the discharge wave runs upstream through the queue. */
  private static final double DISSIPATION_M_PER_MIN = 300;

  /** A queue discharging after the end runs at about the road's capacity. */
  private static final double DISCHARGE_SATURATION = 0.95;

  // --- Events ---

  /** Lane blocks and stalls happen while people are on the road. */
  private static final LocalTime INCIDENT_FROM = LocalTime.of(6, 0);

  private static final LocalTime INCIDENT_TO = LocalTime.of(22, 0);

  private static final int LANE_BLOCK_MIN_MINUTES = 30;
  private static final int LANE_BLOCK_MAX_MINUTES = 90;
  private static final double LANE_BLOCK_MIN_SHARE = 0.30;
  private static final double LANE_BLOCK_MAX_SHARE = 0.50;
  private static final double LANE_BLOCK_MAX_QUEUE_M = 2_000;

  private static final int STALL_MIN_MINUTES = 10;
  private static final int STALL_MAX_MINUTES = 30;
  private static final double STALL_MIN_SHARE = 0.65;
  private static final double STALL_MAX_SHARE = 0.80;
  private static final double STALL_MAX_QUEUE_M = 1_000;

  private static final double MIN_GROWTH_M_PER_MIN = 150;
  private static final double MAX_GROWTH_M_PER_MIN = 300;

  /** Beyond 1–2 km downstream, side streets have filled the road again. */
  private static final double MIN_STARVED_REACH_M = 1_000;

  private static final double MAX_STARVED_REACH_M = 2_000;

  /**
   * Most incidents are placed where and when demand exceeds the reduced capacity (by 10 % at the
   * start, 5 % ten minutes in), so that a queue forms and a method can see them; after this many
   * tries a place is taken whatever its demand, and logged all the same.
   */
  private static final int DETECTABLE_TRIES = 100;

  private static final int PLACEMENT_TRIES = 120;
  private static final double DETECTABLE_START_EXCESS = 1.10;
  private static final double DETECTABLE_LATER_EXCESS = 1.05;

  /**
   * Events that must not touch are kept this far apart in time, and a queue's footprint reaches one
   * station spacing beyond where it can act (the benchmark's location tolerance).
   */
  private static final long MARGIN_MINUTES = 15;

  private static final double MARGIN_M = 500;

  /** The daily bottlenecks: both weekday peaks, start and end a few minutes off day to day. */
  private static final LocalTime MORNING_PEAK_FROM = LocalTime.of(7, 0);

  private static final LocalTime MORNING_PEAK_TO = LocalTime.of(8, 15);
  private static final LocalTime EVENING_PEAK_FROM = LocalTime.of(17, 0);
  private static final LocalTime EVENING_PEAK_TO = LocalTime.of(18, 30);
  private static final int BOTTLENECK_JITTER_MINUTES = 5;

  /** A bottleneck passes 80 % of the station's weekday peak demand: a short queue every peak. */
  private static final double BOTTLENECK_SHARE_OF_PEAK = 0.80;

  private static final double BOTTLENECK_GROWTH_M_PER_MIN = 150;

  /** Where between its pair of stations a bottleneck (a narrowing, a busy junction) sits. */
  private static final double BOTTLENECK_FRACTION = 0.6;

  /** A corridor-direction needs this many stations for a bottleneck with a 2-station queue. */
  private static final int BOTTLENECK_MIN_STATIONS = 4;

  /**
   * Rain in the rainy season: mostly afternoon convective showers, 1–2 h; riders stop under bridges
   * and shop fronts to put on raincoats (demand −10 %) and the rest ride slower (−20–30 %) and
   * further apart (capacity −10 %, so that a busy road is not emptier than in the dry). Onset and
   * end take a few minutes.
   */
  private static final int RAIN_MIN_MINUTES = 60;

  private static final int RAIN_MAX_MINUTES = 120;
  private static final double RAIN_MIN_SPEED_CUT = 0.20;
  private static final double RAIN_MAX_SPEED_CUT = 0.30;
  private static final double RAIN_DEMAND_CUT = 0.10;
  private static final double RAIN_CAPACITY_CUT = 0.10;
  private static final int RAIN_RAMP_MINUTES = 5;
  private static final double RAIN_CITY_WIDE_SHARE = 0.6;
  private static final double RAIN_AFTERNOON_SHARE = 0.7;

  private static final int FAULT_MIN_MINUTES = 30;
  private static final int FAULT_MAX_MINUTES = 180;

  private static final long MINUTES_PER_DAY = 24 * 60;

  private final Instant start;
  private final int days;
  private final long seed;
  private final Rates rates;
  private final List<CorridorStation> stations;
  private final Map<String, Site> sites = new HashMap<>();
  private final List<Group> groups = new ArrayList<>();
  private final List<TrafficEvent> events;

  /** Local time = UTC + this; Can Tho has no daylight saving (CanThoTime). */
  private final long offsetSeconds;

  private final long startMinute;
  private final long endMinute;

  // Generation state, dropped after the constructor.
  private final List<Footprint> footprints = new ArrayList<>();
  private final List<Draft> drafts = new ArrayList<>();

  /** With {@link Rates#DEFAULT}. */
  public CorridorScenario(List<CorridorStation> stations, Instant start, int days, long seed) {
    this(stations, start, days, seed, Rates.DEFAULT);
  }

  public CorridorScenario(
      List<CorridorStation> stations, Instant start, int days, long seed, Rates rates) {
    if (stations.isEmpty()) {
      throw new IllegalArgumentException("no stations");
    }
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1");
    }
    this.start = Objects.requireNonNull(start, "start");
    this.days = days;
    this.seed = seed;
    this.rates = Objects.requireNonNull(rates, "rates");
    this.stations = List.copyOf(stations);
    this.offsetSeconds = CanThoTime.ZONE.getRules().getOffset(start).getTotalSeconds();
    this.startMinute = Math.floorDiv(start.getEpochSecond(), 60);
    this.endMinute = startMinute + days * MINUTES_PER_DAY;
    buildNetwork();

    SplittableRandom root = new SplittableRandom(seed);
    // One stream per kind, so that changing one rate leaves the other kinds where they were.
    SplittableRandom rain = root.split();
    SplittableRandom bottlenecks = root.split();
    SplittableRandom faults = root.split();
    SplittableRandom laneBlocks = root.split();
    SplittableRandom stalls = root.split();
    placeRain(rain);
    placeBottlenecks(bottlenecks);
    placeFaults(faults);
    for (int day = 0; day < days; day++) {
      for (int i = count(rates.laneBlocksPerDay(), laneBlocks); i > 0; i--) {
        placeIncident(Kind.LANE_BLOCK, day, laneBlocks);
      }
      for (int i = count(rates.stallsPerDay(), stalls); i > 0; i--) {
        placeIncident(Kind.STALL, day, stalls);
      }
    }
    this.events = finish();
    footprints.clear();
    drafts.clear();
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return start.plus(Duration.ofDays(days));
  }

  public Rates rates() {
    return rates;
  }

  public List<CorridorStation> stations() {
    return stations;
  }

  /** Every injected event, by start time. */
  public List<TrafficEvent> events() {
    return events;
  }

  /**
   * What the station reports for the minute that contains {@code minute}: flow (veh/h, all lanes),
   * speed (km/h) and occupancy (%), or empty while its detector is silent.
   */
  public Optional<Map<String, Double>> reading(CorridorStation station, Instant minute) {
    Site site = sites.get(station.id());
    if (site == null) {
      throw new IllegalArgumentException("not a station of this scenario: " + station.id());
    }
    long m = Math.floorDiv(minute.getEpochSecond(), 60);
    FaultWindow fault = site.faultAt(m);
    if (fault == null) {
      return Optional.of(measure(site, m, false));
    }
    return switch (fault.fault) {
      case SILENT -> Optional.empty();
      case STUCK -> Optional.of(values(fault.stuck[0], fault.stuck[1], fault.stuck[2]));
      case LOCKED_ON ->
          // the loop never releases: nothing counted, no speed, occupancy pinned near 100 %
          Optional.of(values(0, 0, round1(99 + SeededNoise.uniform(site.faultKey, m))));
      case IMPOSSIBLE -> Optional.of(measure(site, m, true));
    };
  }

  /** Writes the ground truth, one JSON object a line, by start time. */
  public void writeTruth(Path file) throws IOException {
    Files.write(file, events.stream().map(TrafficEvent::toJson).toList(), StandardCharsets.UTF_8);
  }

  // --------------------------------------------------------------------------------------------
  // The road

  /** One corridor in one direction of travel: its stations from upstream to downstream. */
  private static final class Group {
    final String corridor;
    final String direction;
    final List<Site> sites = new ArrayList<>();

    /** +1 when the direction of travel runs towards higher chainage, −1 otherwise. */
    final double sign;

    final double peakRatio;
    final long levelKey;
    final long swingKey;

    Group(String corridor, String direction, double sign, long seed) {
      this.corridor = corridor;
      this.direction = direction;
      this.sign = sign;
      String key = corridor + '/' + direction;
      this.peakRatio = SeededNoise.trait(key, "peakRatio", MIN_PEAK_RATIO, MAX_PEAK_RATIO);
      this.levelKey = SeededNoise.key(key + '#' + seed, "dailyLevel");
      this.swingKey = SeededNoise.key(key + '#' + seed, "slowSwing");
    }

    /** Chainage → distance along the direction of travel. */
    double along(double chainageM) {
      return sign * chainageM;
    }

    double chainage(double along) {
      return sign * along;
    }
  }

  /** One station with its traits, its noise keys and what happens to it. */
  private static final class Site {
    final CorridorStation station;
    final Group group;
    final double along;
    final double capacity;
    final double freeFlow;
    final double demandFactor;
    final long signalKey;
    final long flowKey;
    final long speedKey;
    final long occupancyKey;
    final long faultKey;
    final List<Effect> effectList = new ArrayList<>();
    final List<RainWindow> rainList = new ArrayList<>();
    final List<FaultWindow> faultList = new ArrayList<>();
    Effect[] effects = new Effect[0];
    RainWindow[] rains = new RainWindow[0];
    FaultWindow[] faults = new FaultWindow[0];

    Site(CorridorStation s, Group group, double corridorFreeFlow, long seed) {
      this.station = s;
      this.group = group;
      this.along = group.along(s.chainageM());
      String id = s.id();
      this.capacity =
          s.lanes()
              * SeededNoise.trait(
                  id, "capacityPerLane", MIN_CAPACITY_PER_LANE, MAX_CAPACITY_PER_LANE);
      this.freeFlow =
          corridorFreeFlow
              + SeededNoise.trait(
                  id, "freeFlow", -STATION_FREE_FLOW_SPREAD_KMH, STATION_FREE_FLOW_SPREAD_KMH);
      this.demandFactor =
          1 + SeededNoise.trait(id, "demandFactor", -STATION_DEMAND_SPREAD, STATION_DEMAND_SPREAD);
      String seeded = id + '#' + seed;
      this.signalKey = SeededNoise.key(seeded, "signal");
      this.flowKey = SeededNoise.key(seeded, TrafficModel.FLOW);
      this.speedKey = SeededNoise.key(seeded, TrafficModel.SPEED);
      this.occupancyKey = SeededNoise.key(seeded, TrafficModel.OCCUPANCY);
      this.faultKey = SeededNoise.key(seeded, "fault");
    }

    int lanes() {
      return station.lanes();
    }

    /** At most one incident or bottleneck acts on a station at a time (footprints never touch). */
    Effect effectAt(long m) {
      for (Effect e : effects) {
        if (e.queue.startMinute > m) {
          break;
        }
        if (m < e.queue.startMinute + e.queue.length()) {
          return e;
        }
      }
      return null;
    }

    RainWindow rainAt(long m) {
      for (RainWindow r : rains) {
        if (m >= r.startMinute && m < r.endMinute) {
          return r;
        }
      }
      return null;
    }

    FaultWindow faultAt(long m) {
      for (FaultWindow f : faults) {
        if (m >= f.startMinute && m < f.endMinute) {
          return f;
        }
      }
      return null;
    }
  }

  private void buildNetwork() {
    Map<String, List<CorridorStation>> byGroup = new TreeMap<>();
    for (CorridorStation s : stations) {
      byGroup
          .computeIfAbsent(s.corridor() + '\u0000' + s.direction(), k -> new ArrayList<>())
          .add(s);
    }
    for (List<CorridorStation> members : byGroup.values()) {
      members.sort(Comparator.comparingInt(CorridorStation::position));
      CorridorStation first = members.get(0);
      String name = first.corridor() + " " + first.direction();
      for (int i = 0; i < members.size(); i++) {
        if (members.get(i).position() != i) {
          throw new IllegalArgumentException(
              name + ": positions must be 0.." + (members.size() - 1) + " once each");
        }
      }
      double sign = members.size() > 1 && members.get(1).chainageM() < first.chainageM() ? -1 : 1;
      Group g = new Group(first.corridor(), first.direction(), sign, seed);
      double freeFlow =
          SeededNoise.trait(
              g.corridor, "freeFlow", MIN_CORRIDOR_FREE_FLOW_KMH, MAX_CORRIDOR_FREE_FLOW_KMH);
      for (CorridorStation s : members) {
        Site site = new Site(s, g, freeFlow, seed);
        if (!g.sites.isEmpty() && !(site.along > g.sites.get(g.sites.size() - 1).along)) {
          throw new IllegalArgumentException(
              name + ": chainage must run one way along the positions, at " + s.id());
        }
        if (sites.put(s.id(), site) != null) {
          throw new IllegalArgumentException("station " + s.id() + " is listed twice");
        }
        g.sites.add(site);
      }
      groups.add(g);
    }
  }

  // --------------------------------------------------------------------------------------------
  // Traffic

  /**
   * What drivers want through the station in that minute, veh/h, before any queue: the corridor's
   * level for the local day type and hour, its day and its slow swing, the station's share, and the
   * rain. Noise-free, so the queues computed from it agree with the readings.
   */
  private double demand(Site site, long m, double rainShare) {
    Group g = site.group;
    long local = m * 60 + offsetSeconds;
    long day = Math.floorDiv(local, 86_400);
    double hour = Math.floorMod(local, 86_400) / 3600.0;
    // 1970-01-01, epoch day 0, was a Thursday.
    DayOfWeek dow = DayOfWeek.of(Math.floorMod(day + 3, 7) + 1);
    long bucket = Math.floorDiv(m, SLOW_SWING_MINUTES);
    double t = Math.floorMod(m, SLOW_SWING_MINUTES) / (double) SLOW_SWING_MINUTES;
    double swing =
        (1 - t) * SeededNoise.jitter(g.swingKey, bucket, SLOW_SWING_HALF_WIDTH)
            + t * SeededNoise.jitter(g.swingKey, bucket + 1, SLOW_SWING_HALF_WIDTH);
    return REFERENCE_DEMAND_PER_LANE
        * site.lanes()
        * g.peakRatio
        * site.demandFactor
        * TrafficModel.demandShare(dow, hour)
        * (1 + SeededNoise.jitter(g.levelKey, day, DAILY_LEVEL_HALF_WIDTH))
        * (1 + swing)
        * (1 - RAIN_DEMAND_CUT * rainShare);
  }

  private double demand(Site site, long m) {
    RainWindow rain = site.rainAt(m);
    return demand(site, m, rain == null ? 0 : rain.share(m));
  }

  private enum State {
    NORMAL,
    QUEUE,
    STARVED,
    DISCHARGE
  }

  /** The station's values in minute m, with its incident or bottleneck and rain, before faults. */
  private Map<String, Double> measure(Site site, long m, boolean noOccupancy) {
    RainWindow rainWindow = site.rainAt(m);
    double rain = rainWindow == null ? 0 : rainWindow.share(m);
    double demand = demand(site, m, rain);
    double freeFlow = site.freeFlow * (1 - (rain == 0 ? 0 : rainWindow.speedCut() * rain));
    double capacity = site.capacity * (1 - RAIN_CAPACITY_CUT * rain);
    Effect effect = site.effectAt(m);
    State state = effect == null ? State.NORMAL : effect.stateAt(m);
    double flow;
    double speed;
    double occupancy;
    switch (state) {
      case QUEUE -> {
        // Flow is what the blockage lets through; the station's typical queue density gives the
        // speed (v = q / k, k = 10·occ / L_eff per lane).
        flow = effect.queue.capacity;
        double perLane = flow / site.lanes();
        double density = effect.occupancy * 10 / TrafficModel.EFFECTIVE_LENGTH_M;
        speed = clamp(perLane / density, QUEUE_MIN_SPEED, QUEUE_MAX_SPEED);
        occupancy = TrafficModel.occupancy(flow, speed, site.lanes());
      }
      case STARVED -> {
        // Only the share of the upstream demand that the blockage lets through arrives (side
        // streets in between keep their own share); the road is emptier and fast.
        double upstreamDemand = demand(effect.queue.upstream, m);
        flow = demand * Math.min(1, effect.queue.capacity / upstreamDemand);
        speed = TrafficModel.bprSpeed(freeFlow, flow / capacity);
        occupancy = TrafficModel.occupancy(flow, speed, site.lanes());
      }
      case DISCHARGE -> {
        flow = Math.max(Math.min(demand, capacity), DISCHARGE_SATURATION * capacity);
        speed = TrafficModel.bprSpeed(freeFlow, DISCHARGE_SATURATION);
        occupancy = TrafficModel.occupancy(flow, speed, site.lanes());
      }
      default -> {
        // Demand beyond capacity: the detector counts at most capacity, speed keeps falling.
        flow = Math.min(demand, capacity);
        speed = TrafficModel.bprSpeed(freeFlow, demand / capacity);
        occupancy = TrafficModel.occupancy(flow, speed, site.lanes());
      }
    }
    double signal = SeededNoise.jitter(site.signalKey, m, 1);
    flow *= 1 - SIGNAL_ON_FLOW * signal + SeededNoise.jitter(site.flowKey, m, OWN_FLOW);
    speed *= 1 - SIGNAL_ON_SPEED * signal + SeededNoise.jitter(site.speedKey, m, OWN_SPEED);
    occupancy *=
        1 + SIGNAL_ON_OCCUPANCY * signal + SeededNoise.jitter(site.occupancyKey, m, OWN_OCCUPANCY);
    if (state == State.QUEUE) {
      speed = clamp(speed, QUEUE_MIN_SPEED, QUEUE_MAX_SPEED);
      occupancy = clamp(occupancy, QUEUE_MIN_OCCUPANCY, QUEUE_MAX_OCCUPANCY);
    }
    flow = Math.round(clamp(flow, 0, MAX_FLOW));
    speed = round1(clamp(speed, TrafficModel.MIN_SPEED_KMH, MAX_SPEED));
    occupancy = round1(clamp(occupancy, flow > 0 ? MIN_OCCUPANCY_WITH_FLOW : 0, 100));
    return values(flow, speed, noOccupancy ? 0 : occupancy);
  }

  private static Map<String, Double> values(double flow, double speed, double occupancy) {
    Map<String, Double> v = new LinkedHashMap<>(4);
    v.put(TrafficModel.FLOW, flow);
    v.put(TrafficModel.SPEED, speed);
    v.put(TrafficModel.OCCUPANCY, occupancy);
    return v;
  }

  // --------------------------------------------------------------------------------------------
  // Queues

  /**
   * A capacity drop at one place and the queue it causes, minute by minute from its start: the
   * tail's distance upstream of the blockage and, after the end, how far upstream the discharge
   * wave has cleared it. Worked out once, from the noise-free demand.
   */
  private static final class Queue {
    final Site upstream;
    final long startMinute;
    final int duration;
    final double capacity;
    final boolean starves;
    final float[] tail;
    final float[] front;

    Queue(
        Site upstream,
        long startMinute,
        int duration,
        double capacity,
        boolean starves,
        float[] tail,
        float[] front) {
      this.upstream = upstream;
      this.startMinute = startMinute;
      this.duration = duration;
      this.capacity = capacity;
      this.starves = starves;
      this.tail = tail;
      this.front = front;
    }

    int length() {
      return tail.length;
    }
  }

  /** A queue as one station sees it. */
  private static final class Effect {
    final Queue queue;

    /** Metres upstream of the blockage (negative: downstream). */
    final double upstream;

    /** The station's typical occupancy while queued, %. */
    final double occupancy;

    Effect(Queue queue, double upstream, double occupancy) {
      this.queue = queue;
      this.upstream = upstream;
      this.occupancy = occupancy;
    }

    State stateAt(long m) {
      int k = (int) (m - queue.startMinute);
      if (k < 0 || k >= queue.length()) {
        return State.NORMAL;
      }
      boolean during = k < queue.duration;
      if (upstream > 0) {
        if (upstream > queue.tail[k]) {
          return State.NORMAL;
        }
        return during || upstream > queue.front[k] ? State.QUEUE : State.DISCHARGE;
      }
      if (!queue.starves) {
        return State.NORMAL;
      }
      return during ? State.STARVED : State.DISCHARGE;
    }
  }

  /** The upstream station's noise-free demand drives the queue at the blockage. */
  private Queue queue(
      Site upstream,
      long startMinute,
      int duration,
      double capacity,
      double growth,
      double maxQueue,
      boolean starves) {
    List<Float> tails = new ArrayList<>();
    List<Float> fronts = new ArrayList<>();
    double tail = 0;
    for (int k = 0; k < duration; k++) {
      double demand = demand(upstream, startMinute + k);
      if (demand > capacity) {
        double excess = (demand - capacity) / capacity;
        tail += growth * clamp(excess / FULL_GROWTH_EXCESS, MIN_GROWTH_SHARE, 1);
      } else {
        tail -= RECEDE_M_PER_MIN;
      }
      tail = clamp(tail, 0, maxQueue);
      tails.add((float) tail);
      fronts.add(0f);
    }
    double front = 0;
    while (front < tail) {
      front += DISSIPATION_M_PER_MIN;
      tails.add((float) tail);
      fronts.add((float) Math.min(front, tail));
    }
    float[] t = new float[tails.size()];
    float[] f = new float[fronts.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = tails.get(i);
      f[i] = fronts.get(i);
    }
    return new Queue(upstream, startMinute, duration, capacity, starves, t, f);
  }

  // --------------------------------------------------------------------------------------------
  // Placing events

  /** An event before it has its id; ids follow the start-time order. */
  private record Draft(
      Kind kind,
      String corridor,
      String direction,
      double chainageM,
      String stationId,
      Fault fault,
      long startMinute,
      long endMinute) {}

  /**
   * Where and when an event acts, along one corridor-direction, margins included: two events whose
   * footprints meet would blur the ground truth (and the readings' single-effect model).
   */
  private record Footprint(Group group, double from, double to, long startMinute, long endMinute) {
    boolean meets(Footprint o) {
      return group == o.group
          && from <= o.to
          && o.from <= to
          && startMinute < o.endMinute
          && o.startMinute < endMinute;
    }
  }

  private boolean free(Footprint f) {
    for (Footprint o : footprints) {
      if (o.meets(f)) {
        return false;
      }
    }
    return true;
  }

  private record RainWindow(long startMinute, long endMinute, double speedCut) {
    /** 0 → 1 over the onset, 1 → 0 as it ends. */
    double share(long m) {
      long in = m - startMinute + 1;
      long left = endMinute - m;
      return Math.min(1.0, Math.min(in, left) / (double) RAIN_RAMP_MINUTES);
    }
  }

  private static final class FaultWindow {
    final long startMinute;
    final long endMinute;
    final Fault fault;
    double[] stuck;

    FaultWindow(long startMinute, long endMinute, Fault fault) {
      this.startMinute = startMinute;
      this.endMinute = endMinute;
      this.fault = fault;
    }
  }

  private void placeRain(SplittableRandom random) {
    if (rates.rainPerWeek() <= 0) {
      return;
    }
    List<String> corridors = groups.stream().map(g -> g.corridor).distinct().toList();
    record Shower(String corridor, long startMinute, long endMinute) {}
    List<Shower> placed = new ArrayList<>();
    int n = count(rates.rainPerWeek() * days / 7.0, random);
    for (int i = 0; i < n; i++) {
      for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
        int day = random.nextInt(days);
        int duration = between(random, RAIN_MIN_MINUTES, RAIN_MAX_MINUTES);
        int from = random.nextDouble() < RAIN_AFTERNOON_SHARE ? 12 * 60 : 5 * 60;
        int to = from == 12 * 60 ? 19 * 60 : 23 * 60;
        long s = localMinute(day, between(random, from, to));
        long e = s + duration;
        String corridor =
            random.nextDouble() < RAIN_CITY_WIDE_SHARE
                ? null
                : corridors.get(random.nextInt(corridors.size()));
        double cut = uniform(random, RAIN_MIN_SPEED_CUT, RAIN_MAX_SPEED_CUT);
        boolean clash =
            s < startMinute
                || e > endMinute
                || placed.stream()
                    .anyMatch(
                        p ->
                            (p.corridor == null || corridor == null || p.corridor.equals(corridor))
                                && s < p.endMinute + MARGIN_MINUTES
                                && p.startMinute < e + MARGIN_MINUTES);
        if (clash) {
          continue;
        }
        placed.add(new Shower(corridor, s, e));
        for (Site site : sites.values()) {
          if (corridor == null || corridor.equals(site.group.corridor)) {
            site.rainList.add(new RainWindow(s, e, cut));
          }
        }
        drafts.add(new Draft(Kind.RAIN, corridor, null, Double.NaN, null, null, s, e));
        break;
      }
    }
    for (Site site : sites.values()) {
      site.rains = site.rainList.toArray(new RainWindow[0]);
    }
  }

  /**
   * The bottlenecks are properties of the road, not of the seed: the longest corridor-directions
   * (on different corridors where there are several), at the pair in their middle, so a training
   * week and an evaluated week share them.
   */
  private void placeBottlenecks(SplittableRandom random) {
    List<Group> candidates =
        groups.stream()
            .filter(g -> g.sites.size() >= BOTTLENECK_MIN_STATIONS)
            .sorted(
                Comparator.comparingInt((Group g) -> -g.sites.size())
                    .thenComparing(g -> g.corridor)
                    .thenComparing(g -> g.direction))
            .toList();
    List<Group> chosen = new ArrayList<>();
    for (Group g : candidates) {
      if (chosen.size() < rates.recurrentBottlenecks()
          && chosen.stream().noneMatch(c -> c.corridor.equals(g.corridor))) {
        chosen.add(g);
      }
    }
    for (Group g : candidates) {
      if (chosen.size() < rates.recurrentBottlenecks() && !chosen.contains(g)) {
        chosen.add(g);
      }
    }
    for (int place = 0; place < chosen.size(); place++) {
      Group g = chosen.get(place);
      int p = g.sites.size() / 2;
      Site up = g.sites.get(p);
      Site down = g.sites.get(p + 1);
      double at = up.along + BOTTLENECK_FRACTION * (down.along - up.along);
      // Alternate places queue back over two stations and over one.
      int queued = place % 2 == 0 ? 2 : 1;
      double reach = at - g.sites.get(p - queued + 1).along;
      double maxQueue =
          p - queued >= 0 ? (reach + at - g.sites.get(p - queued).along) / 2 : reach + 150;
      double peakDemand = REFERENCE_DEMAND_PER_LANE * up.lanes() * g.peakRatio * up.demandFactor;
      double capacity = BOTTLENECK_SHARE_OF_PEAK * Math.min(peakDemand, up.capacity);
      for (int day = 0; day < days; day++) {
        DayOfWeek dow = CanThoTime.localDate(start).plusDays(day).getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
          continue;
        }
        for (LocalTime[] peak :
            new LocalTime[][] {
              {MORNING_PEAK_FROM, MORNING_PEAK_TO}, {EVENING_PEAK_FROM, EVENING_PEAK_TO}
            }) {
          long s = localMinute(day, minuteOfDay(peak[0]) + jitterMinutes(random));
          long e = localMinute(day, minuteOfDay(peak[1]) + jitterMinutes(random));
          if (s < startMinute || e > endMinute) {
            continue;
          }
          Queue q =
              queue(up, s, (int) (e - s), capacity, BOTTLENECK_GROWTH_M_PER_MIN, maxQueue, false);
          attach(g, at, q, maxQueue, 0, random);
          footprints.add(
              new Footprint(
                  g,
                  at - maxQueue - MARGIN_M,
                  at + MARGIN_M,
                  s - MARGIN_MINUTES,
                  s + q.length() + MARGIN_MINUTES));
          drafts.add(
              new Draft(
                  Kind.RECURRENT_BOTTLENECK,
                  g.corridor,
                  g.direction,
                  g.chainage(at),
                  null,
                  null,
                  s,
                  e));
        }
      }
    }
  }

  private void placeFaults(SplittableRandom random) {
    List<Site> all =
        stations.stream().map(s -> sites.get(s.id())).toList(); // the caller's order: stable
    Fault[] kinds = Fault.values();
    int next = random.nextInt(kinds.length); // kinds in turn, so a week has each of them
    for (int day = 0; day < days; day++) {
      for (int i = count(rates.faultsPerDay(), random); i > 0; i--) {
        for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
          Site site = all.get(random.nextInt(all.size()));
          int duration = between(random, FAULT_MIN_MINUTES, FAULT_MAX_MINUTES);
          long s = localMinute(day, random.nextInt((int) MINUTES_PER_DAY - duration));
          long e = s + duration;
          Footprint f =
              new Footprint(
                  site.group, site.along, site.along, s - MARGIN_MINUTES, e + MARGIN_MINUTES);
          if (s < startMinute || e > endMinute || !free(f)) {
            continue;
          }
          Fault fault = kinds[next++ % kinds.length];
          footprints.add(f);
          site.faultList.add(new FaultWindow(s, e, fault));
          drafts.add(
              new Draft(
                  Kind.DETECTOR_FAULT,
                  site.group.corridor,
                  site.group.direction,
                  site.station.chainageM(),
                  site.station.id(),
                  fault,
                  s,
                  e));
          break;
        }
      }
    }
  }

  private void placeIncident(Kind kind, int day, SplittableRandom random) {
    List<Group> withPairs = groups.stream().filter(g -> g.sites.size() >= 2).toList();
    int pairs = withPairs.stream().mapToInt(g -> g.sites.size() - 1).sum();
    if (pairs == 0) {
      return;
    }
    boolean lane = kind == Kind.LANE_BLOCK;
    for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
      // every pair (every 500 m of road) equally likely
      int pick = random.nextInt(pairs);
      Group g = null;
      for (Group candidate : withPairs) {
        if (pick < candidate.sites.size() - 1) {
          g = candidate;
          break;
        }
        pick -= candidate.sites.size() - 1;
      }
      Site up = g.sites.get(pick);
      Site down = g.sites.get(pick + 1);
      double at = up.along + uniform(random, 0.15, 0.85) * (down.along - up.along);
      int duration =
          lane
              ? between(random, LANE_BLOCK_MIN_MINUTES, LANE_BLOCK_MAX_MINUTES)
              : between(random, STALL_MIN_MINUTES, STALL_MAX_MINUTES);
      double share =
          lane
              ? uniform(random, LANE_BLOCK_MIN_SHARE, LANE_BLOCK_MAX_SHARE)
              : uniform(random, STALL_MIN_SHARE, STALL_MAX_SHARE);
      double growth = uniform(random, MIN_GROWTH_M_PER_MIN, MAX_GROWTH_M_PER_MIN);
      double starvedReach = uniform(random, MIN_STARVED_REACH_M, MAX_STARVED_REACH_M);
      double maxQueue = lane ? LANE_BLOCK_MAX_QUEUE_M : STALL_MAX_QUEUE_M;
      int from = minuteOfDay(INCIDENT_FROM);
      long s = localMinute(day, between(random, from, minuteOfDay(INCIDENT_TO) - duration));
      double capacity = share * up.capacity;
      if (s < startMinute || s + duration > endMinute) {
        continue;
      }
      if (attempt < DETECTABLE_TRIES
          && (demand(up, s) < DETECTABLE_START_EXCESS * capacity
              || demand(up, s + Math.min(10, duration - 1)) < DETECTABLE_LATER_EXCESS * capacity)) {
        continue;
      }
      Queue q = queue(up, s, duration, capacity, growth, maxQueue, true);
      Footprint f =
          new Footprint(
              g,
              at - maxQueue - MARGIN_M,
              at + starvedReach + MARGIN_M,
              s - MARGIN_MINUTES,
              s + q.length() + MARGIN_MINUTES);
      if (!free(f)) {
        continue;
      }
      footprints.add(f);
      attach(g, at, q, maxQueue, starvedReach, random);
      drafts.add(
          new Draft(kind, g.corridor, g.direction, g.chainage(at), null, null, s, s + duration));
      return;
    }
  }

  /** Gives the queue to every station it can reach: upstream within its cap, downstream starved. */
  private static void attach(
      Group g, double at, Queue q, double maxQueue, double starvedReach, SplittableRandom random) {
    for (Site site : g.sites) {
      double upstream = at - site.along;
      if ((upstream > 0 && upstream <= maxQueue) || (upstream < 0 && -upstream <= starvedReach)) {
        site.effectList.add(
            new Effect(
                q,
                upstream,
                uniform(random, QUEUE_TYPICAL_MIN_OCCUPANCY, QUEUE_TYPICAL_MAX_OCCUPANCY)));
      }
    }
  }

  /** Freezes the per-station lists, records what stuck detectors repeat, and numbers the events. */
  private List<TrafficEvent> finish() {
    for (Site site : sites.values()) {
      site.effectList.sort(Comparator.comparingLong(e -> e.queue.startMinute));
      site.effects = site.effectList.toArray(new Effect[0]);
      site.faultList.sort(Comparator.comparingLong(f -> f.startMinute));
      site.faults = site.faultList.toArray(new FaultWindow[0]);
      site.effectList.clear();
      site.faultList.clear();
      site.rainList.clear();
      for (FaultWindow f : site.faults) {
        if (f.fault == Fault.STUCK) {
          // the last minute it got right, repeated exactly
          Map<String, Double> last = measure(site, f.startMinute - 1, false);
          f.stuck =
              new double[] {
                last.get(TrafficModel.FLOW),
                last.get(TrafficModel.SPEED),
                last.get(TrafficModel.OCCUPANCY)
              };
        }
      }
    }
    List<Draft> ordered = new ArrayList<>(drafts);
    ordered.sort(
        Comparator.comparingLong(Draft::startMinute)
            .thenComparing(Draft::kind)
            .thenComparing(d -> d.corridor() == null ? "" : d.corridor())
            .thenComparing(d -> d.direction() == null ? "" : d.direction())
            .thenComparingDouble(Draft::chainageM));
    Map<Kind, Integer> numbers = new EnumMap<>(Kind.class);
    List<TrafficEvent> out = new ArrayList<>();
    for (Draft d : ordered) {
      int n = numbers.merge(d.kind(), 1, Integer::sum);
      out.add(
          new TrafficEvent(
              String.format(Locale.ROOT, "%s-%03d", d.kind().code(), n),
              d.kind(),
              d.corridor(),
              d.direction(),
              d.chainageM(),
              d.stationId(),
              d.fault(),
              Instant.ofEpochSecond(d.startMinute() * 60),
              Instant.ofEpochSecond(d.endMinute() * 60)));
    }
    return List.copyOf(out);
  }

  // --------------------------------------------------------------------------------------------
  // Small helpers

  /**
   * How many events of a kind in a period: the mean, give or take one (for a mean of 3: 2, 3 or 4,
   * 3 half of the time), so that a week has about the intended number without a Poisson tail of
   * empty or crowded days.
   */
  private static int count(double mean, SplittableRandom random) {
    if (mean <= 0) {
      return 0;
    }
    return (int) Math.max(0, Math.round(mean + uniform(random, -1, 1)));
  }

  /** The scenario's minute at a local minute of day of its day {@code day} (0 = the first). */
  private long localMinute(int day, int minuteOfDay) {
    long firstLocalMidnight =
        Math.floorDiv(CanThoTime.localDate(start).toEpochDay() * 86_400 - offsetSeconds, 60);
    return firstLocalMidnight + day * MINUTES_PER_DAY + minuteOfDay;
  }

  private static int minuteOfDay(LocalTime time) {
    return time.getHour() * 60 + time.getMinute();
  }

  private static int jitterMinutes(SplittableRandom random) {
    return random.nextInt(2 * BOTTLENECK_JITTER_MINUTES + 1) - BOTTLENECK_JITTER_MINUTES;
  }

  /** Uniform in [min, max] (whole minutes). */
  private static int between(SplittableRandom random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  private static double uniform(SplittableRandom random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
