package vn.cantho.ioc.traffic.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.cantho.ioc.traffic.health.DetectorHealth;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;
import vn.cantho.ioc.traffic.network.StationPair;

/**
 * Runs detection on the whole network one data-time minute at a time: each station's health first
 * (a faulty station makes its pairs decide nothing and goes to maintenance), then each pair's
 * methods, with bpd on minutes smoothed by a rolling median of three (it damps the signal cycle)
 * and California #8 on the raw minutes it was published for. bpd's corridor guard keeps an
 * area-wide slowdown (rain) from alarming: when more than half of a corridor's healthy stations are
 * anomalous in the same minute, none of its pairs decides. Stations of a pair in an incident stop
 * learning their baselines, so an incident is not learnt as normal.
 *
 * <p>Pure and driven by the data's minutes, so a replay decides as live operation did. Not
 * thread-safe: one detection thread.
 */
public final class NetworkDetector {
  /** What detection tells its caller; every method has an empty default. */
  public interface Listener {
    default void alarm(Alarm alarm) {}

    /** A station's health changed (to {@link DetectorHealth.Status#HEALTHY} when it recovers). */
    default void health(Station station, DetectorHealth.Status status, Instant at) {}

    /** One pair's decision by one method: the denominator of the false-alarm rate. */
    default void decided(DetectionMethod method, StationPair pair, Instant at, boolean alarm) {}
  }

  /** The default limit of a pair's spacing: further apart, an incident is too easily missed. */
  public static final double MAX_SPACING_M = 1_500;

  /** Minutes of each station's rolling median for bpd, by its corridor's settings. */
  private final Map<String, Integer> smoothingOf = new HashMap<>();

  /**
   * How far (m) and how long after a reported incident an alarm on a neighbouring pair of the same
   * corridor and direction is the same queue: the scenario's queues reach 2 km, and a queue takes
   * some minutes to discharge once the road clears.
   */
  static final double SAME_QUEUE_M = 2_000;

  static final long SAME_QUEUE_MINUTES = 20;

  /** One pair's methods and what bpd's incidents there were last. */
  private static final class PairState {
    final StationPair pair;
    final California8 california;
    final BaselinePairDiscontinuity bpd;

    /** The standing bpd incident was reported (or stood for a reported queue). */
    boolean reported;

    /** The last minute a reported bpd incident stood here. */
    Instant lastReported;

    PairState(StationPair pair, California8 california, BaselinePairDiscontinuity bpd) {
      this.pair = pair;
      this.california = california;
      this.bpd = bpd;
    }

    StationPair pair() {
      return pair;
    }

    California8 california() {
      return california;
    }

    BaselinePairDiscontinuity bpd() {
      return bpd;
    }
  }

  private final Map<String, Station> stations = new LinkedHashMap<>();
  private final Map<String, DetectorHealth> health = new HashMap<>();
  private final Map<String, DetectorHealth.Status> status = new HashMap<>();
  private final Map<String, Deque<StationMinute>> recent = new HashMap<>();
  private final List<PairState> pairs;
  private final Map<String, List<PairState>> pairsOfWay = new HashMap<>();
  private final Baselines baselines;
  private final RecurrentRegister recurrentRegister = new RecurrentRegister();
  private final Listener listener;

  /**
   * With the published parameters.
   *
   * @param methods the methods each corridor runs (a corridor not listed runs none)
   */
  public NetworkDetector(
      RoadNetwork network,
      Map<String, Set<DetectionMethod>> methods,
      Baselines baselines,
      Listener listener) {
    this(network, withDefaults(methods), listener, baselines);
  }

  /**
   * @param settings what each corridor runs ({@link MethodSettings#of}; a corridor not listed runs
   *     nothing)
   */
  public NetworkDetector(
      RoadNetwork network,
      Map<String, MethodSettings> settings,
      Listener listener,
      Baselines baselines) {
    this.baselines = baselines;
    this.listener = listener;
    for (Station s : network.stations()) {
      stations.put(s.id(), s);
      health.put(s.id(), new DetectorHealth());
      status.put(s.id(), DetectorHealth.Status.HEALTHY);
      smoothingOf.put(
          s.id(),
          settings
              .getOrDefault(s.corridor(), MethodSettings.defaults(Set.of()))
              .bpd()
              .smoothingMinutes());
    }
    this.pairs =
        network.pairs(MAX_SPACING_M).stream()
            .map(
                p -> {
                  MethodSettings m =
                      settings.getOrDefault(
                          p.upstream().corridor(), MethodSettings.defaults(Set.of()));
                  return new PairState(
                      p,
                      m.methods().contains(DetectionMethod.CALIFORNIA8)
                          ? new California8(m.california())
                          : null,
                      m.methods().contains(DetectionMethod.BPD)
                          ? new BaselinePairDiscontinuity(m.bpd())
                          : null);
                })
            .toList();
    pairs.forEach(p -> pairsOfWay.computeIfAbsent(way(p.pair()), k -> new ArrayList<>()).add(p));
  }

  /** Decides one minute from the stations that reported it (absent ones are silent). */
  public void onMinute(Instant minute, Map<String, StationMinute> raw) {
    Set<String> healthy = new HashSet<>();
    Map<String, StationMinute> smooth = new HashMap<>();
    for (Station s : stations.values()) {
      StationMinute m = raw.get(s.id());
      DetectorHealth h = health.get(s.id());
      DetectorHealth.Status now = m != null ? h.accept(m) : h.statusAt(minute);
      if (now != status.put(s.id(), now)) {
        listener.health(s, now, minute);
      }
      if (m != null && now == DetectorHealth.Status.HEALTHY && !h.doubtful()) {
        healthy.add(s.id());
        smooth.put(s.id(), smoothed(s.id(), m));
      }
    }
    // Each healthy station's usual for this minute, looked up once: learning comes after deciding.
    Map<String, Baseline> usual = new HashMap<>();
    smooth
        .keySet()
        .forEach(
            id -> {
              Baseline b = baselines.at(id, minute);
              if (b != null) {
                usual.put(id, b);
              }
            });
    Set<String> areaEvent = areaEvents(smooth, usual);
    Map<String, double[]> area = areaLevels(smooth, usual);
    Set<String> inIncident = new HashSet<>();
    for (PairState p : pairs) {
      String up = p.pair().upstream().id();
      String down = p.pair().downstream().id();
      if (!healthy.contains(up) || !healthy.contains(down)) {
        continue; // no decision on a faulty or silent detector
      }
      if (p.california() != null) {
        California8.Decision d =
            p.california().step(minute, raw.get(up).occupancy(), raw.get(down).occupancy());
        listener.decided(DetectionMethod.CALIFORNIA8, p.pair(), minute, d.alarm());
        if (d.alarm()) {
          listener.alarm(
              new Alarm(DetectionMethod.CALIFORNIA8, p.pair(), d.incidentSince(), minute));
        }
      }
      if (p.bpd() != null && !areaEvent.contains(p.pair().upstream().corridor())) {
        decideBpd(p, minute, smooth, usual, inIncident, area.get(way(p.pair())));
      }
    }
    for (String s : healthy) {
      if (!inIncident.contains(s)) {
        baselines.learn(s, smooth.get(s));
      }
    }
  }

  /**
   * bpd's decision on one pair, with what keeps known congestion and the ends of one queue from
   * becoming incidents of their own: a known bottleneck at this time of day ({@link
   * RecurrentRegister}) and a pair within {@link #SAME_QUEUE_M} of a pair whose reported incident
   * stood in the last {@link #SAME_QUEUE_MINUTES} minutes (a queue growing upstream, or the platoon
   * discharging downstream once the road clears, is the incident already reported).
   */
  private void decideBpd(
      PairState p,
      Instant minute,
      Map<String, StationMinute> smooth,
      Map<String, Baseline> usual,
      Set<String> inIncident,
      double[] level) {
    String up = p.pair().upstream().id();
    String down = p.pair().downstream().id();
    BaselinePairDiscontinuity.Decision d =
        p.bpd()
            .step(
                smooth.get(up),
                underArea(usual.get(up), level),
                smooth.get(down),
                underArea(usual.get(down), level));
    boolean recurrent = p.bpd().incident() && recurrentRegister.recurrent(up, minute);
    boolean alarm = d.alarm() && !recurrent && !sameQueue(p, minute);
    if (d.alarm()) {
      // Only a reported incident widens the same-queue window: one suppressed as a queue's end
      // must not suppress its own neighbours, or the window would chain along the road.
      p.reported = alarm;
    }
    if (d.decided()) {
      listener.decided(DetectionMethod.BPD, p.pair(), minute, alarm);
    }
    if (alarm) {
      listener.alarm(new Alarm(DetectionMethod.BPD, p.pair(), d.incidentSince(), minute));
    }
    if (smooth.get(down).speed() - smooth.get(up).speed()
        >= BaselinePairDiscontinuity.MIN_SPEED_GAP) {
      recurrentRegister.discontinuity(up, minute);
    }
    if (p.bpd().incident()) {
      if (p.reported) {
        p.lastReported = minute;
      }
      if (!recurrent) {
        // a known bottleneck may be learnt; an incident must not be
        inIncident.add(up);
        inIncident.add(down);
      }
    } else {
      p.reported = false;
    }
  }

  private boolean sameQueue(PairState p, Instant minute) {
    Instant since = minute.minus(Duration.ofMinutes(SAME_QUEUE_MINUTES));
    for (PairState other : pairsOfWay.get(way(p.pair()))) {
      if (other != p
          && other.lastReported != null
          && !other.lastReported.isBefore(since)
          && gapM(p.pair(), other.pair()) <= SAME_QUEUE_M) {
        return true;
      }
    }
    return false;
  }

  /** Metres between two segments of one corridor (0 when they touch). */
  private static double gapM(StationPair a, StationPair b) {
    double aLo = Math.min(a.upstream().chainageM(), a.downstream().chainageM());
    double aHi = Math.max(a.upstream().chainageM(), a.downstream().chainageM());
    double bLo = Math.min(b.upstream().chainageM(), b.downstream().chainageM());
    double bHi = Math.max(b.upstream().chainageM(), b.downstream().chainageM());
    return Math.max(0, Math.max(aLo, bLo) - Math.min(aHi, bHi));
  }

  private static String way(StationPair p) {
    return p.upstream().corridor() + "/" + p.upstream().direction();
  }

  /** The station's health as of the last minute decided. */
  public DetectorHealth.Status status(String stationId) {
    return status.get(stationId);
  }

  private StationMinute smoothed(String stationId, StationMinute m) {
    Deque<StationMinute> last = recent.computeIfAbsent(stationId, k -> new ArrayDeque<>());
    int smoothing = smoothingOf.get(stationId);
    if (!last.isEmpty() && m.at().minusSeconds(60L * smoothing).isAfter(last.peekLast().at())) {
      last.clear(); // after a gap, older minutes describe other traffic
    }
    last.addLast(m);
    if (last.size() > smoothing) {
      last.removeFirst();
    }
    double[] flow = last.stream().mapToDouble(StationMinute::flow).toArray();
    double[] speed = last.stream().mapToDouble(StationMinute::speed).toArray();
    double[] occ = last.stream().mapToDouble(StationMinute::occupancy).toArray();
    return new StationMinute(
        m.at(), Baselines.median(flow), Baselines.median(speed), Baselines.median(occ));
  }

  /** Clamps of the area's levels: rain slows by 20–30 %, an area event is not a gridlock. */
  private static final double MIN_SPEED_LEVEL = 0.5;

  private static final double MAX_OCCUPANCY_LEVEL = 2;
  private static final double MIN_FLOW_LEVEL = 0.5;

  /** A way needs this many stations with a baseline for its level to be believed. */
  private static final int MIN_STATIONS_FOR_LEVEL = 3;

  private static Baseline underArea(Baseline b, double[] level) {
    if (b == null || level == null) {
      return b;
    }
    return new Baseline(
        b.speed() * level[0],
        b.speedSpread() * level[0],
        b.occupancy() * level[1],
        b.occupancySpread() * level[1],
        b.flow() * level[2]);
  }

  /**
   * Each corridor and direction's level this minute against its usual: the median over its healthy
   * stations of speed, occupancy and flow relative to their baselines (slower, fuller and emptier
   * only). Rain slows a whole area; judged against its own usual, a station looks anomalous and the
   * one downstream of an incident looks not free, so bpd judges each station against its usual
   * scaled by its way's level, and only what stands out from the area is a discontinuity. The
   * median leaves a local queue (a few stations) out of the level.
   */
  private Map<String, double[]> areaLevels(
      Map<String, StationMinute> smooth, Map<String, Baseline> usual) {
    Map<String, List<double[]>> ratios = new HashMap<>();
    smooth.forEach(
        (id, m) -> {
          Baseline b = usual.get(id);
          if (b != null && b.speed() > 0 && b.occupancy() > 0 && b.flow() > 0) {
            Station s = stations.get(id);
            ratios
                .computeIfAbsent(s.corridor() + "/" + s.direction(), k -> new ArrayList<>())
                .add(
                    new double[] {
                      m.speed() / b.speed(), m.occupancy() / b.occupancy(), m.flow() / b.flow()
                    });
          }
        });
    Map<String, double[]> out = new HashMap<>();
    ratios.forEach(
        (way, r) -> {
          if (r.size() >= MIN_STATIONS_FOR_LEVEL) {
            out.put(
                way,
                new double[] {
                  clamp(median(r, 0), MIN_SPEED_LEVEL, 1),
                  clamp(median(r, 1), 1, MAX_OCCUPANCY_LEVEL),
                  clamp(median(r, 2), MIN_FLOW_LEVEL, 1)
                });
          }
        });
    return out;
  }

  private static double median(List<double[]> rows, int column) {
    return Baselines.median(rows.stream().mapToDouble(r -> r[column]).toArray());
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }

  /** Corridors where more than half of the healthy stations are anomalous this minute. */
  private Set<String> areaEvents(Map<String, StationMinute> smooth, Map<String, Baseline> usual) {
    Map<String, int[]> counts = new HashMap<>(); // corridor → {healthy with baseline, anomalous}
    smooth.forEach(
        (id, m) -> {
          Baseline b = usual.get(id);
          if (b != null) {
            int[] c = counts.computeIfAbsent(stations.get(id).corridor(), k -> new int[2]);
            c[0]++;
            if (b.anomalous(m)) {
              c[1]++;
            }
          }
        });
    Set<String> out = new HashSet<>();
    counts.forEach(
        (corridor, c) -> {
          if (c[1] * 2 > c[0]) {
            out.add(corridor);
          }
        });
    return out;
  }

  private static Map<String, MethodSettings> withDefaults(
      Map<String, Set<DetectionMethod>> methods) {
    Map<String, MethodSettings> out = new HashMap<>();
    methods.forEach((corridor, m) -> out.put(corridor, MethodSettings.defaults(m)));
    return out;
  }

  /** Which methods each corridor runs, all of them on every corridor: the benchmark's choice. */
  public static Map<String, Set<DetectionMethod>> everyMethod(RoadNetwork network) {
    Map<String, Set<DetectionMethod>> out = new HashMap<>();
    network.corridors().forEach(c -> out.put(c.id(), Set.of(DetectionMethod.values())));
    return out;
  }
}
