package vn.cantho.ioc.lighting.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.schedule.AstroClock;
import vn.cantho.ioc.lighting.schedule.LightLevel;
import vn.cantho.ioc.lighting.schedule.Schedule;
import vn.cantho.ioc.lighting.schedule.SunDay;

/**
 * A lamp run against its schedule for 36 h at 60 s reporting (noon to the next midnight, dusk, the
 * 23:00, 01:00 and pre-dawn dim steps, dawn, a whole day): a correct lamp raises nothing, even when
 * it follows the schedule late; a broken one is caught within the intervals the issue asks for.
 */
class CorrectLampAcrossDayAndNightTest {
  private static final double LAT = 10.05;
  private static final double LON = 105.75;
  private static final double RATED = 120;
  private static final Duration INTERVAL = Duration.ofSeconds(60);
  // Samples 17 s past the minute, so that schedule changes fall between samples.
  private static final Instant START = Instant.parse("2026-03-10T05:00:17Z"); // 12:00:17 local
  private static final int SAMPLES = 36 * 60;

  private final Schedule schedule = Schedule.vietnamDefault();

  /**
   * Runs a lamp whose light follows the schedule {@code lag} late and whose power is {@code
   * power}(commanded-as-seen-by-the-lamp W) with ±2 % noise, stuck at 100 % from {@code
   * stuckOnFrom} if not null (a relay welded closed).
   */
  private List<FaultEvent> run(
      FaultParameters params, Duration lag, DoubleUnaryOperator power, Instant stuckOnFrom) {
    LightFaultDetector detector = new LightFaultDetector(params);
    Random noise = new Random(7);
    List<FaultEvent> events = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      Instant t = START.plus(INTERVAL.multipliedBy(i));
      LightLevel seen = schedule.levelAt(t.minus(lag), LAT, LON);
      if (stuckOnFrom != null && !t.isBefore(stuckOnFrom) && !seen.on()) {
        seen = LightLevel.of(100);
      }
      double w =
          seen.on()
              ? power.applyAsDouble(RATED * seen.dimPercent() / 100.0)
                  * (1 + 0.02 * (2 * noise.nextDouble() - 1))
              : 0.5 + 0.2 * noise.nextDouble();
      LampReading r = new LampReading(t, seen.on(), seen.dimPercent(), w);
      events.addAll(
          detector.onReading("lamp-7", RATED, r, LampContext.fromSchedule(schedule, t, LAT, LON)));
      events.addAll(detector.tick(t));
    }
    return events;
  }

  @Test
  void aCorrectLampRaisesNothingOverAFullNightAndDay() {
    assertThat(run(FaultParameters.DEFAULTS, Duration.ZERO, w -> w, null)).isEmpty();
  }

  @Test
  void aLampFollowingTheScheduleUpToTwoIntervalsLateRaisesNothing() {
    // A controller whose clock is 100 s behind: two samples at every change see the old level.
    assertThat(run(FaultParameters.DEFAULTS, Duration.ofSeconds(100), w -> w, null)).isEmpty();
  }

  @Test
  void withoutTheGraceTheSameLateLampWouldRaiseFalseFaults() {
    FaultParameters noGrace = FaultParameters.DEFAULTS;
    noGrace =
        new FaultParameters(
            noGrace.reportInterval(),
            noGrace.raiseSamples(),
            noGrace.clearSamples(),
            noGrace.lampOutMinPercent(),
            noGrace.lampOutFraction(),
            noGrace.idleW(),
            noGrace.idleFractionOfRated(),
            noGrace.powerTolerance(),
            noGrace.powerMinExpectedW(),
            noGrace.cyclingFlips(),
            noGrace.cyclingWindow(),
            Duration.ZERO,
            noGrace.silentIntervals());

    assertThat(run(noGrace, Duration.ofSeconds(100), w -> w, null))
        .extracting(FaultEvent::kind)
        .contains(FaultKind.LAMP_OUT, FaultKind.POWER_HIGH);
  }

  @Test
  void aDeadLampIsCaughtWithinThreeIntervalsOfSwitchOn() {
    List<FaultEvent> events = run(FaultParameters.DEFAULTS, Duration.ZERO, w -> 0.4, null);

    Instant switchOn = schedule.night(CanThoTime.localDate(START), LAT, LON).on();
    FaultEvent first = events.get(0);
    assertThat(first.kind()).isEqualTo(FaultKind.LAMP_OUT);
    assertThat(first.raised()).isTrue();
    // The first sample after switch-on is the grace; the next two are the bad pair.
    assertThat(Duration.between(switchOn, first.at()))
        .isLessThanOrEqualTo(INTERVAL.multipliedBy(3));
    // It stays raised through the day: never cleared.
    assertThat(events).noneMatch(e -> e.transition() == FaultEvent.Transition.CLEARED);
  }

  @Test
  void aDayBurnerIsCaughtWithinTwoIntervalsOfAstroDay() {
    // The relay sticks at dawn of the second day: the lamp never switches off.
    SunDay day = new AstroClock().sunDay(CanThoTime.localDate(START).plusDays(1), LAT, LON);
    List<FaultEvent> events =
        run(FaultParameters.DEFAULTS, Duration.ZERO, w -> w, day.sunrise().minusSeconds(3600));

    Instant astroDay = day.sunrise().plus(LampContext.ASTRO_DAY_MARGIN);
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(FaultKind.DAY_BURNER));
    FaultEvent raised = events.get(0);
    assertThat(raised.at()).isAfter(astroDay);
    assertThat(Duration.between(astroDay, raised.at()))
        .isLessThanOrEqualTo(INTERVAL.multipliedBy(2));
  }
}
