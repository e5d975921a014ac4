package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.traffic.detect.BaselinePairDiscontinuity.Decision;

/**
 * The baseline-relative pair method on hand-made minutes of an arterial whose usual state is 35
 * km/h, 12 % occupancy and 1,800 vehicles per hour at both stations.
 */
class BaselinePairDiscontinuityTest {
  private static final Instant T0 = Instant.parse("2026-12-01T01:00:00Z"); // 08:00 in Can Tho
  private static final Baseline USUAL = new Baseline(35, 4, 12, 3, 1_800);

  /** The 17 h peak, usual at this slot: slower and fuller every weekday. */
  private static final Baseline PEAK = new Baseline(14, 3, 38, 5, 2_400);

  private static StationMinute at(int minute, double flow, double speed, double occupancy) {
    return new StationMinute(T0.plus(Duration.ofMinutes(minute)), flow, speed, occupancy);
  }

  private static StationMinute usual(int minute) {
    return at(minute, 1_800, 35, 12);
  }

  /** Upstream queued behind a blockage: slow and full. */
  private static StationMinute queued(int minute) {
    return at(minute, 900, 9, 55);
  }

  /** Downstream of a blockage: few vehicles, moving freely. */
  private static StationMinute starved(int minute) {
    return at(minute, 700, 38, 5);
  }

  /** Persistence asked of the decisions themselves: 3 positive minutes of 4. */
  private static final BaselinePairDiscontinuity.Parameters THREE_OF_FOUR =
      new BaselinePairDiscontinuity.Parameters(15, 4, 3, 5, 3);

  private static List<Decision> run(int minutes, java.util.function.IntPredicate blocked) {
    return run(minutes, blocked, THREE_OF_FOUR);
  }

  private static List<Decision> run(
      int minutes,
      java.util.function.IntPredicate blocked,
      BaselinePairDiscontinuity.Parameters parameters) {
    BaselinePairDiscontinuity pair = new BaselinePairDiscontinuity(parameters);
    List<Decision> out = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      out.add(
          blocked.test(m)
              ? pair.step(queued(m), USUAL, starved(m), USUAL)
              : pair.step(usual(m), USUAL, usual(m), USUAL));
    }
    return out;
  }

  @Test
  void usualTrafficIsNeverPositive() {
    assertThat(run(120, m -> false)).noneMatch(Decision::positive).allMatch(Decision::decided);
  }

  @Test
  void aBlockageAlarmsOnItsThirdPositiveMinuteAndClearsAfterFiveUsualOnes() {
    List<Decision> d = run(40, m -> m >= 10 && m < 25);
    assertThat(d).filteredOn(Decision::alarm).extracting(Decision::at).containsExactly(min(12));
    assertThat(d.get(12).incidentSince())
        .as("the incident began at its first positive minute")
        .isEqualTo(min(10));
    assertThat(d.get(24).incidentSince()).isEqualTo(min(10));
    assertThat(d.get(28).incidentSince())
        .as("four usual minutes: still standing")
        .isEqualTo(min(10));
    assertThat(d.get(29).incidentSince()).as("the fifth clears it").isNull();
  }

  /** The default leaves persistence to the stations' two-minute medians: the first one alarms. */
  @Test
  void byDefaultTheFirstPositiveMinuteAlarms() {
    List<Decision> d =
        run(40, m -> m >= 10 && m < 25, BaselinePairDiscontinuity.Parameters.DEFAULTS);
    assertThat(d).filteredOn(Decision::alarm).extracting(Decision::at).containsExactly(min(10));
    assertThat(d.get(29).incidentSince()).as("cleared after five usual minutes").isNull();
  }

  @Test
  void twoPositiveMinutesOutOfFourAreNoAlarm() {
    assertThat(run(30, m -> m == 10 || m == 12 || m == 15 || m == 17)).noneMatch(Decision::alarm);
  }

  @Test
  void theDailyPeakIsNotAnIncidentBecauseItIsInTheBaseline() {
    BaselinePairDiscontinuity atThePeak = new BaselinePairDiscontinuity();
    BaselinePairDiscontinuity offPeak = new BaselinePairDiscontinuity();
    List<Decision> peak = new ArrayList<>();
    List<Decision> sameMinutesOffPeak = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      // Upstream at the peak's usual slowness (a daily bottleneck), downstream flowing freely.
      StationMinute up = at(m, 2_300, 13, 40);
      peak.add(atThePeak.step(up, PEAK, usual(m), USUAL));
      sameMinutesOffPeak.add(offPeak.step(up, USUAL, usual(m), USUAL));
    }
    assertThat(peak).noneMatch(Decision::positive).noneMatch(Decision::alarm);
    assertThat(sameMinutesOffPeak)
        .as("the same minutes at an hour that is usually free would be an incident")
        .anyMatch(Decision::alarm);
  }

  @Test
  void anAreaWideSlowdownSlowsBothStationsAndIsNoIncident() {
    BaselinePairDiscontinuity pair = new BaselinePairDiscontinuity();
    List<Decision> d = new ArrayList<>();
    for (int m = 0; m < 30; m++) {
      // Rain: both stations slow and full; downstream is neither normal nor starved.
      d.add(pair.step(at(m, 1_200, 10, 45), USUAL, at(m, 1_300, 14, 40), USUAL));
    }
    assertThat(d).noneMatch(Decision::positive);
  }

  @Test
  void aSmallSpeedGapIsNotADiscontinuity() {
    BaselinePairDiscontinuity pair = new BaselinePairDiscontinuity();
    // Upstream anomalous (9 km/h) but downstream only 10 km/h faster, though it flows freely.
    Decision d = pair.step(queued(0), USUAL, at(0, 700, 19, 5), new Baseline(20, 4, 12, 3, 1_800));
    assertThat(d.positive()).isFalse();
  }

  @Test
  void withoutBothBaselinesThereIsNoDecision() {
    BaselinePairDiscontinuity pair = new BaselinePairDiscontinuity();
    Decision d = pair.step(queued(0), null, starved(0), USUAL);
    assertThat(d.decided()).isFalse();
    assertThat(d.positive()).isFalse();
  }

  @Test
  void aReplayDecidesTheSameOnTheDataMinutes() {
    assertThat(run(300, m -> m >= 100 && m < 140)).isEqualTo(run(300, m -> m >= 100 && m < 140));
  }

  @Test
  void minutesOutOfOrderOrOfTwoDifferentTimesAreRefused() {
    BaselinePairDiscontinuity pair = new BaselinePairDiscontinuity();
    pair.step(usual(1), USUAL, usual(1), USUAL);
    assertThatThrownBy(() -> pair.step(usual(1), USUAL, usual(1), USUAL))
        .hasMessageContaining("is not after");
    assertThatThrownBy(() -> pair.step(usual(2), USUAL, usual(3), USUAL))
        .hasMessageContaining("minutes differ");
  }

  private static Instant min(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }
}
