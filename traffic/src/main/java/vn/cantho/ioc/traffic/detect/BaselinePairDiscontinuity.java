package vn.cantho.ioc.traffic.detect;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic feature's own method for Can Tho's signalised, motorbike-dominated arterials ({@code
 * bpd}, docs/traffic-incident-detection.md §2): a minute is positive for a station pair when the
 * upstream station is anomalous against its own time-of-day baseline while the downstream one is
 * normal or starved and clearly faster; by default an alarm comes on the first positive minute of
 * the stations' two-minute medians, and the incident clears after 5 non-positive ones ({@link
 * Parameters}, per corridor). Recurrent congestion is in the baselines, and an area-wide slowdown
 * slows both stations, so neither is an incident.
 *
 * <p>Pure and driven by the data's minutes: a replay decides as live operation did. One instance
 * per pair, fed in time order; a minute without both baselines is no decision.
 */
public final class BaselinePairDiscontinuity {
  /**
   * A corridor's tuning.
   *
   * @param minSpeedGapKmh downstream at least this much faster: the urban analogue of PeMS's 20 mph
   * @param window minutes looked back for the alarm's persistence
   * @param positivesToAlarm positive minutes among the window that raise an alarm
   * @param negativesToClear non-positive minutes in a row that clear an incident
   * @param smoothingMinutes each station's minutes are the rolling median of this many (1: raw),
   *     which damps the signal cycle
   */
  public record Parameters(
      double minSpeedGapKmh,
      int window,
      int positivesToAlarm,
      int negativesToClear,
      int smoothingMinutes) {
    /**
     * docs/traffic-incident-detection.md §2.2: an alarm on the first positive minute of the
     * stations' two-minute medians (the smoothing is the persistence), cleared after 5 quiet
     * minutes. Measured against 3-of-4 on three-minute medians, which took 2 minutes longer to
     * alarm for no fewer false alarms once the area's level and doubtful minutes were handled.
     */
    public static final Parameters DEFAULTS = new Parameters(15, 2, 1, 5, 2);

    /**
     * The defaults with a corridor file's values ({@code min_speed_gap_kmh}, {@code window}, {@code
     * positives_to_alarm}, {@code negatives_to_clear}); each refused name or value is added to
     * {@code problems} and the default kept.
     */
    public static Parameters of(Map<String, Double> given, List<String> problems) {
      Map<String, Double> v = new HashMap<>(given);
      double gap =
          MethodSettings.take(
              v, "bpd", "min_speed_gap_kmh", DEFAULTS.minSpeedGapKmh(), 1, 100, problems);
      int window =
          (int) MethodSettings.take(v, "bpd", "window", DEFAULTS.window(), 1, 30, problems);
      int positives =
          (int)
              MethodSettings.take(
                  v, "bpd", "positives_to_alarm", DEFAULTS.positivesToAlarm(), 1, window, problems);
      int negatives =
          (int)
              MethodSettings.take(
                  v, "bpd", "negatives_to_clear", DEFAULTS.negativesToClear(), 1, 60, problems);
      int smoothing =
          (int)
              MethodSettings.take(
                  v, "bpd", "smoothing_minutes", DEFAULTS.smoothingMinutes(), 1, 15, problems);
      v.keySet().forEach(n -> problems.add("bpd has no parameter '" + n + "'"));
      return new Parameters(gap, window, positives, negatives, smoothing);
    }
  }

  /** The default gap, which the recurrent register also watches. */
  public static final double MIN_SPEED_GAP = Parameters.DEFAULTS.minSpeedGapKmh();

  private final Parameters parameters;

  /**
   * One minute's decision.
   *
   * @param decided false when a baseline was missing (immature): not a decision at all
   * @param alarm true on the one minute an incident is raised
   * @param incidentSince the first positive minute of the standing incident, else null
   */
  public record Decision(
      Instant at, boolean decided, boolean positive, boolean alarm, Instant incidentSince) {}

  /** With the published parameters. */
  public BaselinePairDiscontinuity() {
    this(Parameters.DEFAULTS);
  }

  public BaselinePairDiscontinuity(Parameters parameters) {
    this.parameters = parameters;
  }

  private final Deque<Instant> window = new ArrayDeque<>(); // positive minutes among the last 4
  private final Deque<Boolean> recent = new ArrayDeque<>();
  private Instant last;
  private Instant incidentSince;
  private int negativesInARow;

  /** True while an incident stands on this pair. */
  public boolean incident() {
    return incidentSince != null;
  }

  /**
   * @param upBaseline the upstream station's baseline for this minute's slot, or null if immature
   * @param downBaseline the same downstream
   */
  public Decision step(
      StationMinute up, Baseline upBaseline, StationMinute down, Baseline downBaseline) {
    if (!up.at().equals(down.at())) {
      throw new IllegalArgumentException(
          "the two stations' minutes differ: " + up.at() + ", " + down.at());
    }
    Instant at = up.at();
    if (last != null && !at.isAfter(last)) {
      throw new IllegalArgumentException("minute " + at + " is not after " + last);
    }
    last = at;
    if (upBaseline == null || downBaseline == null) {
      return new Decision(at, false, false, false, incidentSince);
    }
    boolean positive =
        upBaseline.anomalous(up)
            && (downBaseline.normal(down) || downBaseline.starved(down))
            && down.speed() - up.speed() >= parameters.minSpeedGapKmh();
    recent.addLast(positive);
    if (positive) {
      window.addLast(at);
    }
    if (recent.size() > parameters.window() && recent.removeFirst()) {
      window.removeFirst();
    }
    boolean alarm = false;
    if (incidentSince == null) {
      if (window.size() >= parameters.positivesToAlarm()) {
        incidentSince = window.peekFirst();
        alarm = true;
        negativesInARow = 0;
      }
    } else if (positive) {
      negativesInARow = 0;
    } else if (++negativesInARow >= parameters.negativesToClear()) {
      incidentSince = null;
      negativesInARow = 0;
    }
    return new Decision(at, true, positive, alarm, incidentSince);
  }
}
