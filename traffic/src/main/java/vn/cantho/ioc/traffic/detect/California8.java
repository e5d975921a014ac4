package vn.cantho.ioc.traffic.detect;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * California algorithm #8 for one pair of detector stations (upstream, downstream), one decision
 * per interval: the published baseline that the traffic feature's own method must beat. It is the
 * decision tree with states as docs/traffic-incident-detection.md §1 describes it (the Organic
 * Traffic Control implementation; the 1978 paper could not be read): a spatial occupancy step with
 * a falling downstream occupancy makes a tentative incident, confirmed on the next interval; a
 * compression wave (downstream occupancy rising sharply into congestion) suppresses the test for
 * the wave's interval and five more.
 *
 * <p>Pure and driven by the data's own interval times, so a replayed recording decides exactly as
 * live operation did. Not thread-safe: one instance per pair, fed in time order.
 */
public final class California8 {

  /**
   * The thresholds, named for what they compare (the numbering T1–T5 differs between sources).
   *
   * @param occdfMin OCCDF (upstream − downstream occupancy, points) at least this: T1
   * @param cwDocctdMax DOCCTD below this means downstream occupancy rose sharply (a compression
   *     wave): T2
   * @param occrdfMin OCCRDF (OCCDF relative to upstream occupancy) at least this: T3
   * @param docctdMin DOCCTD (relative fall of downstream occupancy over two intervals) at least
   *     this: T4
   * @param cwDoccMin downstream occupancy (%) at least this is congestion: T5
   */
  public record Parameters(
      double occdfMin, double cwDocctdMax, double occrdfMin, double docctdMin, double cwDoccMin) {
    /** The implementation's defaults (docs/traffic-incident-detection.md §1.3). */
    public static final Parameters DEFAULTS = new Parameters(8, -0.4, 0.5, 0.3, 30);

    /**
     * The defaults with a corridor file's values ({@code occdf_min}, {@code cw_docctd_max}, {@code
     * occrdf_min}, {@code docctd_min}, {@code cw_docc_min}); each refused name or value is added to
     * {@code problems} and the default kept.
     */
    public static Parameters of(Map<String, Double> given, List<String> problems) {
      Map<String, Double> v = new HashMap<>(given);
      double occdf =
          MethodSettings.take(v, "california8", "occdf_min", DEFAULTS.occdfMin(), 0, 100, problems);
      double cw =
          MethodSettings.take(
              v, "california8", "cw_docctd_max", DEFAULTS.cwDocctdMax(), -1, 0, problems);
      double occrdf =
          MethodSettings.take(v, "california8", "occrdf_min", DEFAULTS.occrdfMin(), 0, 1, problems);
      double docctd =
          MethodSettings.take(v, "california8", "docctd_min", DEFAULTS.docctdMin(), 0, 1, problems);
      double docc =
          MethodSettings.take(
              v, "california8", "cw_docc_min", DEFAULTS.cwDoccMin(), 0, 100, problems);
      v.keySet().forEach(n -> problems.add("california8 has no parameter '" + n + "'"));
      return new Parameters(occdf, cw, occrdf, docctd, docc);
    }
  }

  /** Where the pair is. {@code CW1}…{@code CW5}: a compression wave 1…5 intervals ago. */
  public enum State {
    FREE,
    CW1,
    CW2,
    CW3,
    CW4,
    CW5,
    TENTATIVE,
    CONFIRMED,
    CONTINUING;

    /** Confirmed or continuing: an incident stands (a tentative one does not yet). */
    public boolean incident() {
      return this == CONFIRMED || this == CONTINUING;
    }

    boolean compressionWave() {
      return ordinal() >= CW1.ordinal() && ordinal() <= CW5.ordinal();
    }

    /** The next compression-wave state, FREE after CW5. */
    State later() {
      return this == CW5 ? FREE : values()[ordinal() + 1];
    }
  }

  /**
   * One interval's decision.
   *
   * @param alarm true on the one interval an incident is confirmed
   * @param incidentSince the tentative interval that began the standing incident, else null
   */
  public record Decision(Instant at, State state, boolean alarm, Instant incidentSince) {}

  private final Parameters parameters;
  private final double[] downstream = new double[3]; // t−2, t−1, t
  private int intervals;
  private Instant last;
  private State state = State.FREE;
  private Instant tentativeAt;

  public California8(Parameters parameters) {
    this.parameters = Objects.requireNonNull(parameters);
  }

  public State state() {
    return state;
  }

  /**
   * The decision for the interval ending at {@code at}, from the two stations' mean occupancy (%)
   * over it. Intervals come in time order; the first two only fill the history DOCCTD needs.
   *
   * @throws IllegalArgumentException for an interval not after the previous one, or an occupancy
   *     outside 0–100
   */
  public Decision step(Instant at, double upstreamOcc, double downstreamOcc) {
    if (last != null && !at.isAfter(last)) {
      throw new IllegalArgumentException("interval " + at + " is not after " + last);
    }
    requireOccupancy(upstreamOcc);
    requireOccupancy(downstreamOcc);
    last = at;
    downstream[0] = downstream[1];
    downstream[1] = downstream[2];
    downstream[2] = downstreamOcc;
    if (++intervals < 3) {
      return new Decision(at, state, false, null);
    }
    Measures m = measures(upstreamOcc, downstreamOcc, downstream[0]);
    State before = state;
    state = next(before, m);
    boolean alarm = before == State.TENTATIVE && state == State.CONFIRMED;
    if (state == State.TENTATIVE) {
      tentativeAt = at;
    } else if (!state.incident()) {
      tentativeAt = null;
    }
    return new Decision(at, state, alarm, state.incident() ? tentativeAt : null);
  }

  /** The algorithm's inputs for one interval; a zero divisor gives 0 (no evidence). */
  record Measures(double occdf, double occrdf, double docctd, double docc) {}

  static Measures measures(double up, double down, double downTwoIntervalsAgo) {
    double occdf = up - down;
    double occrdf = up == 0 ? 0 : occdf / up;
    double docctd =
        downTwoIntervalsAgo == 0 ? 0 : (downTwoIntervalsAgo - down) / downTwoIntervalsAgo;
    return new Measures(occdf, occrdf, docctd, down);
  }

  private State next(State from, Measures m) {
    Parameters p = parameters;
    boolean congestedDownstream = m.docc() >= p.cwDoccMin();
    boolean wave = congestedDownstream && m.docctd() < p.cwDocctdMax();
    if (from == State.TENTATIVE || from.incident()) {
      if (m.occrdf() >= p.occrdfMin()) {
        return from == State.TENTATIVE ? State.CONFIRMED : State.CONTINUING;
      }
      // Not confirmed or no longer standing; a tentative one that was a wave starts its count.
      return from == State.TENTATIVE && wave ? State.CW1 : State.FREE;
    }
    if (wave) {
      return State.CW1; // a new wave restarts the suppression
    }
    if (from.compressionWave()) {
      return from.later();
    }
    if (congestedDownstream) {
      return State.FREE; // downstream congestion: the incident test is not run
    }
    boolean incident =
        m.occdf() >= p.occdfMin() && m.occrdf() >= p.occrdfMin() && m.docctd() >= p.docctdMin();
    return incident ? State.TENTATIVE : State.FREE;
  }

  private static void requireOccupancy(double occ) {
    if (!(occ >= 0 && occ <= 100)) {
      throw new IllegalArgumentException("occupancy " + occ + " % is outside 0–100");
    }
  }
}
