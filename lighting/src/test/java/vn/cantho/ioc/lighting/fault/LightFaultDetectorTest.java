package vn.cantho.ioc.lighting.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.lighting.fault.FaultEvent.Transition;
import vn.cantho.ioc.lighting.schedule.LightLevel;

/**
 * Each rule on a hand-made series at 60 s: raised on the second bad sample and not the first,
 * cleared on the second good one. A 100 W lamp unless said otherwise.
 */
class LightFaultDetectorTest {
  private static final String LAMP = "lamp-1";
  private static final double RATED = 100;
  private static final Instant T0 = Instant.parse("2026-03-10T15:00:00Z"); // 22:00 in Can Tho
  private static final LampContext NIGHT_FULL = new LampContext(LightLevel.of(100), false);
  private static final LampContext DAY_OFF = new LampContext(LightLevel.OFF, true);

  private final LightFaultDetector detector = new LightFaultDetector(FaultParameters.DEFAULTS);

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  /** Feeds one reading per minute from minute 0, all under the same context; one list a minute. */
  private List<List<FaultEvent>> feed(LampContext ctx, double... powers) {
    return feedFrom(0, ctx, powers);
  }

  private List<List<FaultEvent>> feedFrom(int firstMinute, LampContext ctx, double... powers) {
    List<List<FaultEvent>> out = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      int m = firstMinute + i;
      boolean on = ctx.commanded().on();
      out.add(
          detector.onReading(
              LAMP,
              RATED,
              new LampReading(minute(m), on, ctx.commanded().dimPercent(), powers[i]),
              ctx));
    }
    return out;
  }

  private static void assertOnly(List<FaultEvent> events, FaultKind kind, Transition t, int m) {
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.transition()).isEqualTo(t);
              assertThat(e.at()).isEqualTo(minute(m));
              assertThat(e.deviceId()).isEqualTo(LAMP);
            });
  }

  @Test
  void lampOutIsRaisedOnTheSecondDarkSampleAndClearedOnTheSecondLitOne() {
    // The grace after the first reading's "new" command: minute 0 is not judged.
    var e = feed(NIGHT_FULL, 100, 99, 0.5, 0.5, 0.6, 98, 101, 100);

    assertThat(e.get(2)).isEmpty(); // one dark sample: noise
    assertOnly(e.get(3), FaultKind.LAMP_OUT, Transition.RAISED, 3);
    assertThat(e.get(4)).isEmpty();
    assertThat(e.get(5)).isEmpty(); // one lit sample
    assertOnly(e.get(6), FaultKind.LAMP_OUT, Transition.CLEARED, 6);
    assertThat(e.get(7)).isEmpty();
    assertThat(e.get(3).get(0).detail()).contains("0.5 W").contains("100 %");
  }

  @Test
  void aLampThatFailsJustBeforeADimStepIsRaisedOnItsNextJudgedSample() {
    // Dark from minute 2; at minute 3 the schedule dims to 70 %: minute 3 is in the grace and
    // neither counts nor breaks the streak, so minute 4 (the second dark sample judged) raises it.
    var before = feed(NIGHT_FULL, 100, 100, 0.5);
    LampContext dimmed = new LampContext(LightLevel.of(70), false);
    var after = feedFrom(3, dimmed, 0.5, 0.5);
    assertThat(before.get(2)).isEmpty();
    assertThat(after.get(0)).isEmpty();
    assertOnly(after.get(1), FaultKind.LAMP_OUT, Transition.RAISED, 4);
  }

  @Test
  void aSingleDarkSampleBetweenLitOnesRaisesNothing() {
    var e = feed(NIGHT_FULL, 100, 100, 0.5, 100, 100, 100, 100, 0.5, 100);
    assertThat(e).allSatisfy(l -> assertThat(l).isEmpty());
    assertThat(detector.activeFaults(LAMP)).isEmpty();
  }

  @Test
  void aDayBurnerIsRaisedOnTheSecondLitDaySampleAndClearedWhenItGoesDark() {
    var e = feed(DAY_OFF, 0.5, 0.6, 95, 96, 97, 0.5, 0.5);

    assertThat(e.get(2)).isEmpty();
    assertOnly(e.get(3), FaultKind.DAY_BURNER, Transition.RAISED, 3);
    assertThat(e.get(5)).isEmpty();
    assertOnly(e.get(6), FaultKind.DAY_BURNER, Transition.CLEARED, 6);
  }

  @Test
  void aLampLitWhenCommandedOffOutsideAstroDayIsNotADayBurner() {
    // Dusk: commanded off but within 30 min of sunset, e.g. a photocell that switched early.
    var e = feed(new LampContext(LightLevel.OFF, false), 0.5, 95, 96, 97);
    assertThat(e).allSatisfy(l -> assertThat(l).isEmpty());
  }

  @Test
  void dayBurnerIdleThresholdIsFiveWattsOrFivePercentOfRated() {
    // 100 W lamp: idle max(5, 5) = 5 W; 4.9 W is gear standby, 5.5 W is burning.
    var e = feed(DAY_OFF, 4.9, 4.9, 4.9, 5.5, 5.5);
    assertThat(e.subList(0, 4)).allSatisfy(l -> assertThat(l).isEmpty());
    assertOnly(e.get(4), FaultKind.DAY_BURNER, Transition.RAISED, 4);
  }

  @Test
  void powerTooHighBeyondTwentyFivePercentOfExpected() {
    // Expected 100 W, tolerance 25 W: 124 W passes, 126 W does not.
    var e = feed(NIGHT_FULL, 100, 124, 124, 126, 126, 110, 100);

    assertThat(e.subList(0, 4)).allSatisfy(l -> assertThat(l).isEmpty());
    assertOnly(e.get(4), FaultKind.POWER_HIGH, Transition.RAISED, 4);
    assertThat(e.get(5)).isEmpty();
    assertOnly(e.get(6), FaultKind.POWER_HIGH, Transition.CLEARED, 6);
  }

  @Test
  void powerTooLowAgainstTheDimmedExpectation() {
    // Commanded 50 %: expected 50 W, tolerance 12.5 W; 36 W is low, 50 W is right.
    LampContext half = new LampContext(LightLevel.of(50), false);
    var e = feed(half, 50, 50, 36, 36, 50, 50);

    assertThat(e.get(2)).isEmpty();
    assertOnly(e.get(3), FaultKind.POWER_LOW, Transition.RAISED, 3);
    assertOnly(e.get(5), FaultKind.POWER_LOW, Transition.CLEARED, 5);
  }

  @Test
  void aLampAtFullPowerWhenDimmedToHalfIsPowerTooHigh() {
    LampContext half = new LampContext(LightLevel.of(50), false);
    var e = feed(half, 50, 100, 100);
    assertOnly(e.get(2), FaultKind.POWER_HIGH, Transition.RAISED, 2);
  }

  @Test
  void aDarkLampIsLampOutNotAlsoPowerTooLow() {
    var e = feed(NIGHT_FULL, 100, 0, 0, 0);
    assertThat(e.stream().flatMap(List::stream).map(FaultEvent::kind))
        .containsExactly(FaultKind.LAMP_OUT);
  }

  @Test
  void cyclingIsRaisedOnTheSecondSampleWithFourFlipsInFifteenMinutes() {
    // Minute 0 is the grace of the first command; then lit, dark, lit… : flips at minutes 2, 3,
    // 4, 5 (4 flips: the first bad sample) and 6 (the second).
    var e = feed(NIGHT_FULL, 100, 100, 0.5, 100, 0.5, 100, 0.5, 100, 100, 100);

    assertThat(e.subList(0, 6)).allSatisfy(l -> assertThat(l).isEmpty());
    assertOnly(e.get(6), FaultKind.CYCLING, Transition.RAISED, 6);
    // Single dark samples never make a lamp out; once cycling, dark spells are its own.
    assertThat(detector.activeFaults(LAMP)).containsExactly(FaultKind.CYCLING);
  }

  @Test
  void cyclingClearsOnceTheFlipsHaveLeftTheWindow() {
    feed(NIGHT_FULL, 100, 100, 0.5, 100, 0.5, 100, 0.5, 100); // flips 2..7, raised at 6
    double[] steady = new double[14];
    java.util.Arrays.fill(steady, 100);
    var e = feedFrom(8, NIGHT_FULL, steady); // minutes 8..21

    // A flip leaves the 15-min window at flip + 15 min: at 19 only those of 5, 6 and 7 remain
    // (the first good sample), at 20 the second good sample.
    List<FaultEvent> all = e.stream().flatMap(List::stream).toList();
    assertThat(all)
        .singleElement()
        .satisfies(
            ev -> {
              assertThat(ev.kind()).isEqualTo(FaultKind.CYCLING);
              assertThat(ev.transition()).isEqualTo(Transition.CLEARED);
              assertThat(ev.at()).isEqualTo(minute(20));
            });
  }

  @Test
  void commLossAfterThreeSilentIntervalsOnDataTimeAndClearedByTwoReadings() {
    feed(NIGHT_FULL, 100, 100, 100); // last reading at minute 2

    assertThat(detector.tick(minute(4).plusSeconds(59))).isEmpty(); // 2 min 59 s of silence
    List<FaultEvent> raised = detector.tick(minute(5)); // 3 intervals
    assertThat(raised)
        .singleElement()
        .satisfies(
            ev -> {
              assertThat(ev.kind()).isEqualTo(FaultKind.COMM_LOSS);
              assertThat(ev.raised()).isTrue();
              assertThat(ev.at()).isEqualTo(minute(5));
              assertThat(ev.detail()).contains("22:02 10/03/2026"); // last reading, local
            });
    assertThat(detector.tick(minute(6))).isEmpty(); // raised once

    var back = feedFrom(9, NIGHT_FULL, 100, 100);
    assertThat(back.get(0)).isEmpty();
    assertOnly(back.get(1), FaultKind.COMM_LOSS, Transition.CLEARED, 10);
  }

  @Test
  void anOlderOrRepeatedReadingIsIgnoredAndCounted() {
    feed(NIGHT_FULL, 100, 0.5);
    var late =
        detector.onReading(LAMP, RATED, new LampReading(minute(1), true, 100, 0.5), NIGHT_FULL);

    assertThat(late).isEmpty();
    assertThat(detector.ignored()).isEqualTo(1);
    assertThat(detector.activeFaults(LAMP)).isEmpty();
  }

  @Test
  void labelsAndTalqEvents() {
    assertThat(FaultKind.LAMP_OUT.talqEvent()).contains("lampFailure");
    assertThat(FaultKind.DAY_BURNER.talqEvent()).contains("lampUnexpectedOn");
    assertThat(FaultKind.CYCLING.talqEvent()).contains("cyclingFailure");
    assertThat(FaultKind.COMM_LOSS.talqEvent()).isEmpty();
    assertThat(FaultKind.DAY_BURNER.labelVi()).isEqualTo("Đèn sáng ban ngày");
  }
}
