package vn.cantho.ioc.traffic.detect;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The traffic feature's own method for Can Tho's signalised, motorbike-dominated arterials ({@code
 * bpd}, docs/traffic-incident-detection.md §2): a minute is positive for a station pair when the
 * upstream station is anomalous against its own time-of-day baseline while the downstream one is
 * normal or starved and clearly faster; an alarm needs 3 positive minutes of the last 4, and the
 * incident clears after 5 non-positive ones. Recurrent congestion is in the baselines, and an
 * area-wide slowdown slows both stations, so neither is an incident.
 *
 * <p>Pure and driven by the data's minutes: a replay decides as live operation did. One instance
 * per pair, fed in time order; a minute without both baselines is no decision.
 */
public final class BaselinePairDiscontinuity {
  /** Downstream at least this much faster (km/h): the urban analogue of PeMS's 20 mph. */
  public static final double MIN_SPEED_GAP = 15;

  static final int WINDOW = 4;
  static final int POSITIVES_TO_ALARM = 3;
  static final int NEGATIVES_TO_CLEAR = 5;

  /**
   * One minute's decision.
   *
   * @param decided false when a baseline was missing (immature): not a decision at all
   * @param alarm true on the one minute an incident is raised
   * @param incidentSince the first positive minute of the standing incident, else null
   */
  public record Decision(
      Instant at, boolean decided, boolean positive, boolean alarm, Instant incidentSince) {}

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
            && down.speed() - up.speed() >= MIN_SPEED_GAP;
    recent.addLast(positive);
    if (positive) {
      window.addLast(at);
    }
    if (recent.size() > WINDOW && recent.removeFirst()) {
      window.removeFirst();
    }
    boolean alarm = false;
    if (incidentSince == null) {
      if (window.size() >= POSITIVES_TO_ALARM) {
        incidentSince = window.peekFirst();
        alarm = true;
        negativesInARow = 0;
      }
    } else if (positive) {
      negativesInARow = 0;
    } else if (++negativesInARow >= NEGATIVES_TO_CLEAR) {
      incidentSince = null;
      negativesInARow = 0;
    }
    return new Decision(at, true, positive, alarm, incidentSince);
  }
}
