package vn.cantho.ioc.sim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One injected event of the corridor scenario: the ground truth the traffic benchmark scores the
 * detection methods against (docs/traffic-incident-detection.md §3).
 *
 * @param corridor the corridor, or null for rain over the whole city
 * @param direction the direction of travel, or null for rain (it falls on both)
 * @param chainageM where the blockage or bottleneck is, or the faulty station's chainage; NaN for
 *     rain
 * @param stationId the faulty station, only for {@link Kind#DETECTOR_FAULT}
 * @param fault what the faulty detector does, only for {@link Kind#DETECTOR_FAULT}
 * @param start when the capacity falls (or the rain starts, or the detector fails)
 * @param end when the capacity is back (the queue still takes a few minutes to clear)
 */
public record TrafficEvent(
    String id,
    Kind kind,
    String corridor,
    String direction,
    double chainageM,
    String stationId,
    Fault fault,
    Instant start,
    Instant end) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happens. */
  public enum Kind {
    /** A crash or a broken-down truck shuts lanes: capacity falls to 30–50 %. An incident. */
    LANE_BLOCK,
    /** A stalled vehicle or a small knock: capacity falls by 20–35 % for a short while. */
    STALL,
    /** The same place jams in every weekday peak: normal for that place and time, no incident. */
    RECURRENT_BOTTLENECK,
    /** A shower slows everyone in an area: not an incident. */
    RAIN,
    /** One station reports nonsense or nothing: maintenance's business, not an incident. */
    DETECTOR_FAULT;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** True for the kinds a detection method should raise an incident for. */
    public boolean incident() {
      return this == LANE_BLOCK || this == STALL;
    }
  }

  /** How a faulty detector misbehaves (the detector-health classes of §2.4). */
  public enum Fault {
    /** Repeats its last values exactly. */
    STUCK,
    /** Sends nothing. */
    SILENT,
    /** The loop stays occupied: occupancy 99–100 %, no vehicles counted. */
    LOCKED_ON,
    /** Counts vehicles that occupy nothing: flow above zero with occupancy 0. */
    IMPOSSIBLE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrafficEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(id + ": end must be after start");
    }
    boolean isFault = kind == Kind.DETECTOR_FAULT;
    if (isFault != (fault != null) || isFault != (stationId != null)) {
      throw new IllegalArgumentException(
          id + ": a fault and its station are given for detector faults and only for them");
    }
    if (kind != Kind.RAIN && (corridor == null || direction == null)) {
      throw new IllegalArgumentException(id + ": only rain may have no corridor or direction");
    }
  }

  public boolean activeAt(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }

  /** One line of the ground-truth log (JSON Lines); absent values are null. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("kind", kind.code());
    o.put("corridor", corridor);
    o.put("direction", direction);
    if (Double.isNaN(chainageM)) {
      o.putNull("chainage_m");
    } else {
      o.put("chainage_m", chainageM);
    }
    o.put("station_id", stationId);
    o.put("fault", fault == null ? null : fault.code());
    o.put("start", start.toString());
    o.put("end", end.toString());
    return o.toString();
  }
}
