package vn.cantho.ioc.water.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.water.rules.ConditionTracker.Transition;
import vn.cantho.ioc.water.rules.ConditionTracker.Transition.Kind;
import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

class ConditionTrackerTest {
  private static final Instant T0 = Instant.parse("2026-11-22T20:00:00Z"); // 03:00 in Can Tho

  /** Pangasius pond DO: below 3 / 2 / 1 mg/L, clear at +0.5, two samples or ten minutes. */
  private static final ThresholdRule DO_PANGASIUS =
      new ThresholdRule(1, "do", Direction.BELOW, 3, 2, 1, 0.5, 2, Duration.ofMinutes(10));

  @Test
  void aNightCrashIsRaisedEscalatedAndClearedPastTheHysteresis() {
    List<Transition> t =
        feed(new ConditionTracker(DO_PANGASIUS), 3.5, 2.8, 2.7, 1.9, 1.8, 0.9, 0.8, 3.2, 3.6);
    assertThat(t)
        .extracting(Transition::kind, Transition::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Kind.RAISED, Severity.WATCH),
            org.assertj.core.groups.Tuple.tuple(Kind.ESCALATED, Severity.WARNING),
            org.assertj.core.groups.Tuple.tuple(Kind.ESCALATED, Severity.CRITICAL),
            org.assertj.core.groups.Tuple.tuple(Kind.CLEARED, null));
    // Raised on the second low sample, cleared only at 3.6 (3.2 is inside the hysteresis).
    assertThat(t.get(0).value()).isEqualTo(2.7);
    assertThat(t.get(3).value()).isEqualTo(3.6);
  }

  @Test
  void aSingleSpikeRaisesNothing() {
    assertThat(feed(new ConditionTracker(DO_PANGASIUS), 2.5, 3.5, 0.5, 3.4, 2.9, 3.1)).isEmpty();
  }

  @Test
  void aLongEnoughConditionRaisesBeforeTheSampleCountIsReached() {
    ThresholdRule slow =
        new ThresholdRule(2, "salinity", Direction.ABOVE, 4, 7, 10, 0.5, 5, Duration.ofMinutes(10));
    ConditionTracker tracker = new ConditionTracker(slow);
    assertThat(tracker.onSample(T0, 4.5)).isEmpty();
    assertThat(tracker.onSample(T0.plus(Duration.ofMinutes(5)), 4.6)).isEmpty();
    assertThat(tracker.onSample(T0.plus(Duration.ofMinutes(10)), 4.7))
        .get()
        .extracting(Transition::kind, Transition::severity)
        .containsExactly(Kind.RAISED, Severity.WATCH);
  }

  @Test
  void anAlertOpenBeforeARestartIsNotRaisedAgain() {
    ConditionTracker tracker = new ConditionTracker(DO_PANGASIUS, Severity.WARNING);
    assertThat(feed(tracker, 1.9, 1.8, 2.5)).isEmpty();
    assertThat(tracker.active()).contains(Severity.WARNING);
  }

  @Test
  void thresholdsMustWorsenInTheRulesDirection() {
    assertThatThrownBy(
            () -> new ThresholdRule(3, "do", Direction.BELOW, 1, 2, 3, 0.5, 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DO_PANGASIUS.levelOf(2.5)).isEqualTo(Severity.WATCH);
    assertThat(DO_PANGASIUS.levelOf(3.0)).isNull();
    assertThat(DO_PANGASIUS.threshold(Severity.CRITICAL)).isEqualTo(1);
  }

  /** Samples one minute apart from T0; the transitions they caused. */
  private static List<Transition> feed(ConditionTracker tracker, double... values) {
    List<Transition> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      tracker.onSample(T0.plus(Duration.ofMinutes(i)), values[i]).ifPresent(out::add);
    }
    return out;
  }
}
