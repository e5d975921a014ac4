package vn.cantho.ioc.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.sim.flood.FloodGauges;
import vn.cantho.ioc.sim.flood.TideModel;
import vn.cantho.ioc.sim.flood.TideScenario;

class PumpingStationModelTest {
  private static final Instant OCT_12 =
      CanThoTime.instant(LocalDate.of(2026, 10, 12), LocalTime.MIDNIGHT);

  private final TideModel river =
      new TideModel(
          FloodGauges.CAI_KHE_RIVER, TideModel.DEFAULT_SEED, TideScenario.RECORD_OCTOBER_2026);
  private final PumpingStationModel model = new PumpingStationModel(river);

  @Test
  void theRiverOutsideIsTheHauRiversTide() {
    for (int minute = 0; minute < 24 * 60; minute += 37) {
      Instant t = OCT_12.plus(Duration.ofMinutes(minute));
      assertThat(model.step(t).levelOutsideCm()).isCloseTo(river.levelCm(t), within(0.05));
    }
  }

  @Test
  void inAutomaticTheGateIsShutWheneverTheRiverIsHigherThanTheCanal() {
    boolean sawShut = false;
    boolean sawOpen = false;
    for (int minute = 0; minute < 3 * 24 * 60; minute += 5) {
      PumpingStationModel.State s = model.step(OCT_12.plus(Duration.ofMinutes(minute)));
      if (s.levelOutsideCm() > s.levelInsideCm()) {
        assertThat(s.gatePositionPercent()).as("minute %d", minute).isZero();
        sawShut = true;
      }
      sawOpen |= s.gatePositionPercent() > 0;
      assertThat(s.auto()).isTrue();
    }
    assertThat(sawShut).isTrue();
    assertThat(sawOpen).as("the canal drains at low tide").isTrue();
  }

  @Test
  void inAutomaticPumpsStartAboveTheirLevelsAndRestWellBelow() {
    double[] start = {
      PumpingStationModel.PUMP_1_START_CM,
      PumpingStationModel.PUMP_2_START_CM,
      PumpingStationModel.PUMP_3_START_CM
    };
    boolean sawPumping = false;
    boolean sawRest = false;
    for (int minute = 0; minute < 7 * 24 * 60; minute += 5) {
      PumpingStationModel.State s = model.step(OCT_12.plus(Duration.ofMinutes(minute)));
      boolean[] on = {s.pump1(), s.pump2(), s.pump3()};
      for (int i = 0; i < 3; i++) {
        if (s.levelInsideCm() > start[i] + 0.1) {
          assertThat(on[i]).as("pump %d at %s cm", i + 1, s.levelInsideCm()).isTrue();
        }
        if (s.levelInsideCm() < start[i] - PumpingStationModel.PUMP_STOP_BELOW_CM - 0.1) {
          assertThat(on[i]).as("pump %d at %s cm", i + 1, s.levelInsideCm()).isFalse();
        }
      }
      sawPumping |= s.pump1();
      sawRest |= !s.pump1();
    }
    assertThat(sawPumping).as("pumps run after high water").isTrue();
    assertThat(sawRest).as("pumps rest at low water").isTrue();
  }

  @Test
  void threePumpsOnRemoteCommandLowerTheCanalUntilSetAuto() {
    Instant evening = OCT_12.plus(Duration.ofHours(17)); // rising tide, gate shut
    PumpingStationModel.State before = model.step(evening);
    for (int pump = 1; pump <= 3; pump++) {
      model.commandPump(pump, true);
    }

    PumpingStationModel.State after = model.step(evening.plus(Duration.ofMinutes(20)));

    assertThat(after.pump1() && after.pump2() && after.pump3()).isTrue();
    assertThat(after.auto()).isFalse();
    // 3 × 6 cm/h out, 3 cm/h in: 5 cm in 20 minutes.
    assertThat(after.levelInsideCm()).isCloseTo(before.levelInsideCm() - 5, within(0.6));

    model.setAuto();
    PumpingStationModel.State auto = model.step(evening.plus(Duration.ofMinutes(21)));
    assertThat(auto.auto()).isTrue();
    assertThat(auto.pump3()).as("the PLC stops pump 3 far below its level").isFalse();
  }

  @Test
  void aGateOpenedOnCommandAtHighTideLetsTheRiverIn() {
    Instant highTide = OCT_12.plus(Duration.ofHours(18));
    PumpingStationModel.State before = model.step(highTide);
    assertThat(before.gatePositionPercent()).isZero();

    model.commandGate(100);
    PumpingStationModel.State moving = model.step(highTide.plusSeconds(5));
    PumpingStationModel.State open = model.step(highTide.plus(Duration.ofMinutes(10)));

    assertThat(moving.gatePositionPercent()).isCloseTo(50.0, within(0.1));
    assertThat(moving.gateSetpointPercent()).isEqualTo(100.0);
    assertThat(open.gatePositionPercent()).isEqualTo(100.0);
    assertThat(open.levelInsideCm()).isGreaterThan(before.levelInsideCm() + 10);
  }

  @Test
  void theSameHistoryGivesTheSameState() {
    Instant t = Instant.parse("2026-10-20T01:23:45Z");
    assertThat(model.step(t)).isEqualTo(new PumpingStationModel(river).step(t));
  }
}
