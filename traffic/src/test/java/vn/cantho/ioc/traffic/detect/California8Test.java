package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.traffic.detect.California8.Decision;
import vn.cantho.ioc.traffic.detect.California8.State;

/**
 * California #8 on hand-made one-minute occupancy series whose every interval's measures are worked
 * out in the comments (OCCDF = up − down, OCCRDF = OCCDF / up, DOCCTD = (down(t−2) − down) /
 * down(t−2), DOCC = down), against the defaults T1 8, T2 −0.4, T3 0.5, T4 0.3, T5 30 %.
 */
class California8Test {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z"); // 07:00 in Can Tho

  /** Feeds {up, down} pairs one minute apart and returns every decision. */
  private static List<Decision> run(double[]... upDown) {
    California8 pair = new California8(California8.Parameters.DEFAULTS);
    List<Decision> out = new ArrayList<>();
    for (int i = 0; i < upDown.length; i++) {
      out.add(pair.step(T0.plus(Duration.ofMinutes(i)), upDown[i][0], upDown[i][1]));
    }
    return out;
  }

  private static List<State> states(List<Decision> decisions) {
    return decisions.stream().map(Decision::state).toList();
  }

  private static double[] occ(double up, double down) {
    return new double[] {up, down};
  }

  @Test
  void steadyTrafficNeverAlarmsEvenWithAnOccupancyStep() {
    double[][] series = new double[60][];
    for (int i = 0; i < 60; i++) {
      // OCCDF 10 and OCCRDF 0.5 pass, but downstream does not fall: DOCCTD 0 < 0.3.
      series[i] = occ(20, 10);
    }
    List<Decision> d = run(series);
    assertThat(states(d)).containsOnly(State.FREE);
    assertThat(d).noneMatch(Decision::alarm);
  }

  @Test
  void aBlockedLaneIsTentativeThenConfirmedOnTheNextIntervalAndEndsWhenTrafficRecovers() {
    List<Decision> d =
        run(
            occ(15, 15), // warm-up: DOCCTD needs t−2
            occ(15, 15),
            occ(15, 15), // OCCDF 0: free
            occ(40, 8), // OCCDF 32, OCCRDF 0.8, DOCCTD (15−8)/15 = 0.47, DOCC 8: tentative
            occ(42, 6), // OCCRDF 0.86 ≥ 0.5: confirmed, the alarm
            occ(45, 6), // still ≥ 0.5: continuing
            occ(15, 14)); // OCCRDF 0.07: over
    assertThat(states(d))
        .containsExactly(
            State.FREE,
            State.FREE,
            State.FREE,
            State.TENTATIVE,
            State.CONFIRMED,
            State.CONTINUING,
            State.FREE);
    assertThat(d).filteredOn(Decision::alarm).extracting(Decision::at).containsExactly(min(4));
    assertThat(d.get(4).incidentSince())
        .as("the incident began at the tentative interval")
        .isEqualTo(min(3));
    assertThat(d.get(5).incidentSince()).isEqualTo(min(3));
    assertThat(d.get(6).incidentSince()).isNull();
  }

  @Test
  void aTentativeIncidentThatDoesNotPersistIsDroppedWithoutAlarm() {
    List<Decision> d =
        run(occ(15, 15), occ(15, 15), occ(15, 15), occ(40, 8), occ(16, 15), occ(15, 15));
    assertThat(states(d))
        .containsExactly(
            State.FREE, State.FREE, State.FREE, State.TENTATIVE, State.FREE, State.FREE);
    assertThat(d).noneMatch(Decision::alarm);
  }

  @Test
  void aCompressionWaveSuppressesTheIncidentTestForItsIntervalAndFiveMore() {
    List<Decision> d =
        run(
            occ(20, 20),
            occ(20, 20),
            occ(30, 35), // DOCC 35 ≥ 30 and DOCCTD (20−35)/20 = −0.75 < −0.4: a wave, CW1
            occ(45, 10), // would be an incident (DOCC 10, DOCCTD (20−10)/20 = 0.5): CW2
            occ(45, 8), // CW3
            occ(45, 8), // CW4
            occ(45, 20), // CW5
            occ(45, 20), // back to FREE: the test is not run on this interval
            occ(45, 8)); // OCCDF 37, OCCRDF 0.82, DOCCTD (20−8)/20 = 0.6: tentative at last
    assertThat(states(d))
        .containsExactly(
            State.FREE,
            State.FREE,
            State.CW1,
            State.CW2,
            State.CW3,
            State.CW4,
            State.CW5,
            State.FREE,
            State.TENTATIVE);
  }

  @Test
  void congestionWithoutANewWaveLetsTheCountGoOnAndANewWaveRestartsIt() {
    List<Decision> d =
        run(
            occ(20, 20),
            occ(20, 20),
            occ(30, 35), // wave: CW1
            occ(30, 20), // CW2
            occ(30, 40)); // DOCC 40, DOCCTD (35−40)/35 = −0.14 ≥ −0.4: no new wave, CW3
    assertThat(states(d).subList(2, 5)).containsExactly(State.CW1, State.CW2, State.CW3);
    List<Decision> again = run(occ(20, 20), occ(20, 20), occ(30, 35), occ(30, 20), occ(30, 31));
    // DOCC 31, DOCCTD (35−31)/35 = 0.11: no wave; but from 20 two minutes before a rise to 31 is
    // −0.55 only when t−2 is 20: here t−2 is the 35 of the wave, so the count goes on.
    assertThat(states(again).get(4)).isEqualTo(State.CW3);
    List<Decision> restart =
        run(occ(20, 20), occ(20, 20), occ(30, 35), occ(30, 20), occ(30, 20), occ(30, 32));
    // At the last interval DOCC 32 ≥ 30, DOCCTD (20−32)/20 = −0.6 < −0.4: a new wave, CW1.
    assertThat(states(restart).subList(2, 6))
        .containsExactly(State.CW1, State.CW2, State.CW3, State.CW1);
  }

  @Test
  void congestionDownstreamSilencesThePair() {
    List<Decision> d =
        run(
            occ(40, 40),
            occ(40, 40),
            occ(70, 32)); // OCCDF 38, OCCRDF 0.54, DOCCTD 0.2; DOCC 32 ≥ 30: test not run
    assertThat(states(d)).containsOnly(State.FREE);
  }

  @Test
  void emptyRoadsDivideByNothing() {
    List<Decision> d = run(occ(0, 0), occ(0, 0), occ(0, 0), occ(0, 0));
    assertThat(states(d)).containsOnly(State.FREE);
    California8.Measures m = California8.measures(0, 0, 0);
    assertThat(m.occrdf()).isZero();
    assertThat(m.docctd()).isZero();
  }

  @Test
  void aReplayOfTheSameIntervalsDecidesTheSameOnTheDataTimes() {
    double[][] day = new double[24 * 60][];
    for (int i = 0; i < day.length; i++) {
      boolean blocked = i >= 450 && i < 480; // 07:30–08:00 data time
      day[i] = blocked ? occ(40 + i % 3, 6 + i % 2) : occ(15 + i % 4, 14 + i % 3);
    }
    List<Decision> live = run(day);
    List<Decision> replay = run(day);
    assertThat(replay).isEqualTo(live);
    assertThat(live).filteredOn(Decision::alarm).extracting(Decision::at).containsExactly(min(451));
  }

  @Test
  void intervalsOutOfOrderOrImpossibleOccupanciesAreRefused() {
    California8 pair = new California8(California8.Parameters.DEFAULTS);
    pair.step(min(1), 10, 10);
    assertThatThrownBy(() -> pair.step(min(1), 10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not after");
    assertThatThrownBy(() -> pair.step(min(2), 101, 10)).hasMessageContaining("outside 0–100");
    assertThatThrownBy(() -> pair.step(min(3), Double.NaN, 10))
        .hasMessageContaining("outside 0–100");
  }

  private static Instant min(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }
}
