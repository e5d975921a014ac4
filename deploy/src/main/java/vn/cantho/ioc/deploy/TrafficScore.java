package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.sim.scenario.TrafficEvent;
import vn.cantho.ioc.traffic.detect.Alarm;
import vn.cantho.ioc.traffic.detect.DetectionMethod;
import vn.cantho.ioc.traffic.detect.NetworkDetector;
import vn.cantho.ioc.traffic.incident.Incident;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStatus;
import vn.cantho.ioc.traffic.incident.MergeRule;
import vn.cantho.ioc.traffic.incident.Report;
import vn.cantho.ioc.traffic.network.StationPair;

/**
 * Scores each detection method against the scenario's ground truth with the definitions of
 * docs/traffic-incident-detection.md §3: an alarm is a new incident the method would open (its
 * alarms pass through the incidents' 15-minute {@link MergeRule}, per method), matched to an event
 * on the same corridor and direction within one station spacing of its segment, raised between the
 * event's start and 5 minutes after its end. It listens to the node's detection as it runs and
 * counts each decision there, so nothing of the week is kept but the alarms.
 */
class TrafficScore implements NetworkDetector.Listener {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An alarm matches an event up to this far beyond its segment's ends. */
  static final double LOCATION_TOLERANCE_M = 500;

  /** An alarm matches an event raised up to this long after the event's end. */
  static final Duration LATE_MATCH = Duration.ofMinutes(5);

  private final List<TrafficEvent> events;
  private final Instant scoredFrom;
  private final Instant scoredTo;
  private final Map<DetectionMethod, Counts> counts = new EnumMap<>(DetectionMethod.class);

  /** Per method: the incident each segment and direction would have open now. */
  private final Map<DetectionMethod, Map<String, Incident>> open =
      new EnumMap<>(DetectionMethod.class);

  private static final class Counts {
    long decisions;
    long incidentFreeDecisions;
    final List<Alarm> alarms = new ArrayList<>();
  }

  /**
   * @param events the ground truth of the scored days (and of the days before, which are ignored)
   * @param scoredFrom decisions and alarms from here on are scored (the training days are not)
   */
  TrafficScore(List<TrafficEvent> events, Instant scoredFrom, Instant scoredTo) {
    this.events = List.copyOf(events);
    this.scoredFrom = scoredFrom;
    this.scoredTo = scoredTo;
    for (DetectionMethod m : DetectionMethod.values()) {
      counts.put(m, new Counts());
      open.put(m, new HashMap<>());
    }
  }

  @Override
  public synchronized void decided(
      DetectionMethod method, StationPair pair, Instant at, boolean alarm) {
    if (!scored(at)) {
      return;
    }
    Counts c = counts.get(method);
    c.decisions++;
    if (events.stream().noneMatch(e -> e.kind().incident() && matches(e, pair, at))) {
      c.incidentFreeDecisions++;
    }
  }

  @Override
  public synchronized void alarm(Alarm a) {
    // Through the same merge rule as the incident store, so a method is charged for the
    // incidents staff would see, not for each re-alarm of one queue.
    Report report = report(a);
    String key = a.pair().upstream().id();
    Incident current = open.get(a.method()).get(key);
    if (current != null && MergeRule.merges(current, report)) {
      open.get(a.method()).put(key, withLatestReport(current, a.at()));
      return;
    }
    open.get(a.method()).put(key, incident(report));
    if (scored(a.at())) {
      counts.get(a.method()).alarms.add(a);
    }
  }

  private boolean scored(Instant at) {
    return !at.isBefore(scoredFrom) && at.isBefore(scoredTo);
  }

  /** True when the event lies within tolerance of the pair's segment and the time fits. */
  static boolean matches(TrafficEvent e, StationPair pair, Instant at) {
    if (e.corridor() == null
        || !e.corridor().equals(pair.upstream().corridor())
        || !e.direction().equals(pair.upstream().direction())) {
      return false;
    }
    double lo = Math.min(pair.upstream().chainageM(), pair.downstream().chainageM());
    double hi = Math.max(pair.upstream().chainageM(), pair.downstream().chainageM());
    return e.chainageM() >= lo - LOCATION_TOLERANCE_M
        && e.chainageM() <= hi + LOCATION_TOLERANCE_M
        && !at.isBefore(e.start())
        && !at.isAfter(e.end().plus(LATE_MATCH));
  }

  /** The result of one method: detection rate, false alarms, time to detect. */
  synchronized ObjectNode result(DetectionMethod method, int days) {
    Counts c = counts.get(method);
    Map<String, Alarm> firstAlarm = new HashMap<>();
    long falseAlarms = 0;
    long duplicates = 0;
    long recurrentFlagged = 0;
    for (Alarm a : c.alarms) {
      // An alarm detects the first event it matches that has no alarm yet; it is a duplicate only
      // when every event it matches was already detected.
      List<TrafficEvent> matched =
          events.stream().filter(e -> e.kind().incident() && matches(e, a.pair(), a.at())).toList();
      boolean matchedIncident = !matched.isEmpty();
      if (matchedIncident) {
        Optional<TrafficEvent> fresh =
            matched.stream().filter(e -> !firstAlarm.containsKey(e.id())).findFirst();
        if (fresh.isPresent()) {
          firstAlarm.put(fresh.get().id(), a);
        } else {
          duplicates++;
        }
      }
      if (!matchedIncident) {
        falseAlarms++;
        if (events.stream()
            .anyMatch(
                e ->
                    e.kind() == TrafficEvent.Kind.RECURRENT_BOTTLENECK
                        && matches(e, a.pair(), a.at()))) {
          recurrentFlagged++;
        }
      }
    }
    List<TrafficEvent> incidents =
        events.stream().filter(e -> e.kind().incident() && scored(e.start())).toList();
    long detected = incidents.stream().filter(e -> firstAlarm.containsKey(e.id())).count();
    double totalDelay =
        incidents.stream()
            .filter(e -> firstAlarm.containsKey(e.id()))
            .mapToDouble(e -> Duration.between(e.start(), firstAlarm.get(e.id()).at()).toSeconds())
            .sum();
    ObjectNode out = JSON.createObjectNode();
    out.put(
        "detection_rate", incidents.isEmpty() ? 0 : round((double) detected / incidents.size()));
    out.put(
        "false_alarm_rate",
        c.incidentFreeDecisions == 0 ? 0 : (double) falseAlarms / c.incidentFreeDecisions);
    out.put("false_alarms_per_day", round((double) falseAlarms / days));
    out.put("mean_time_to_detect_min", detected == 0 ? 0 : round(totalDelay / 60.0 / detected));
    out.put("recurrent_congestion_flagged", recurrentFlagged);
    out.put("incident_events", incidents.size());
    out.put("detected", detected);
    out.put("alarms", c.alarms.size());
    out.put("false_alarms", falseAlarms);
    out.put("duplicates", duplicates);
    out.put("decisions", c.decisions);
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Report report(Alarm a) {
    StationPair p = a.pair();
    return new Report(
        IncidentKind.CONGESTION,
        IncidentSeverity.MEDIUM,
        IncidentSource.DETECTION,
        a.method().code(),
        new IncidentLocation(
            p.upstream().lon(),
            p.upstream().lat(),
            p.upstream().corridor(),
            p.upstream().direction(),
            p.upstream().chainageM(),
            p.upstream().id()),
        null,
        "",
        a.at(),
        "bench",
        null);
  }

  private static Incident incident(Report r) {
    return new Incident(
        0,
        r.kind(),
        r.severity(),
        IncidentStatus.NEW,
        r.source(),
        r.method(),
        r.location(),
        null,
        "",
        r.at(),
        r.at(),
        r.at(),
        null,
        null,
        null,
        1,
        1);
  }

  private static Incident withLatestReport(Incident i, Instant at) {
    return new Incident(
        i.id(),
        i.kind(),
        i.severity(),
        i.status(),
        i.source(),
        i.method(),
        i.location(),
        i.zoneId(),
        i.description(),
        i.openedAt(),
        at,
        at,
        i.verifiedAt(),
        i.closedAt(),
        i.assignee(),
        i.reports() + 1,
        i.version() + 1);
  }
}
