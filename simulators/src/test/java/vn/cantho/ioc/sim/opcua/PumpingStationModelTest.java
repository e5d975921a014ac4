package vn.cantho.ioc.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

class PumpingStationModelTest {
  private final PumpingStationModel model = new PumpingStationModel();

  @Test
  void riverPeaksOnceInTheMorningAndOnceInTheEveningWindow() {
    List<Double> peakHours = localMaximaOfOutsideLevel(LocalDate.of(2026, 10, 20));

    assertThat(peakHours).hasSize(2);
    assertThat(peakHours.get(0)).isBetween(5.0, 8.0);
    assertThat(peakHours.get(1)).isBetween(17.0, 20.0);
  }

  @Test
  void highWaterSeasonPeaksReachAlarmLevelsButDrySeasonDoesNot() {
    double october = maxOutside(LocalDate.of(2026, 10, 20));
    double april = maxOutside(LocalDate.of(2026, 4, 20));

    assertThat(october).isBetween(180.0, 200.0);
    assertThat(april).isLessThan(180.0);
  }

  @Test
  void pumpsRunExactlyWhenTheInsideLevelIsAboveTheirStartLevels() {
    LocalDate day = LocalDate.of(2026, 10, 20);
    boolean sawAllThree = false;
    boolean sawNone = false;
    for (int minute = 0; minute < 24 * 60; minute += 5) {
      PumpingStationModel.State s = model.at(at(day, minute));
      assertThat(s.pump1()).isEqualTo(s.levelInsideCm() > PumpingStationModel.PUMP_1_START_CM);
      assertThat(s.pump2()).isEqualTo(s.levelInsideCm() > PumpingStationModel.PUMP_2_START_CM);
      assertThat(s.pump3()).isEqualTo(s.levelInsideCm() > PumpingStationModel.PUMP_3_START_CM);
      sawAllThree |= s.pump3();
      sawNone |= !s.pump1();
    }
    assertThat(sawAllThree).as("all pumps run at high water").isTrue();
    assertThat(sawNone).as("pumps rest at low water").isTrue();
  }

  @Test
  void gateIsShutWheneverTheRiverIsHigherThanTheCanal() {
    LocalDate day = LocalDate.of(2026, 10, 20);
    PumpingStationModel.State highWater = model.at(at(day, 6 * 60 + 30));
    PumpingStationModel.State lowWater = model.at(at(day, 12 * 60 + 30));

    assertThat(highWater.levelOutsideCm()).isGreaterThan(highWater.levelInsideCm());
    assertThat(highWater.gatePositionPercent()).isZero();
    assertThat(lowWater.gatePositionPercent()).isEqualTo(100);
  }

  @Test
  void sameInstantGivesTheSameState() {
    Instant t = Instant.parse("2026-10-20T01:23:45Z");
    assertThat(model.at(t)).isEqualTo(new PumpingStationModel().at(t));
  }

  private List<Double> localMaximaOfOutsideLevel(LocalDate day) {
    List<Double> peaks = new ArrayList<>();
    int step = 10;
    for (int minute = 0; minute < 24 * 60; minute += step) {
      double before = model.at(at(day, minute).minus(Duration.ofMinutes(step))).levelOutsideCm();
      double now = model.at(at(day, minute)).levelOutsideCm();
      double after = model.at(at(day, minute).plus(Duration.ofMinutes(step))).levelOutsideCm();
      if (now > before && now >= after) {
        peaks.add(minute / 60.0);
      }
    }
    return peaks;
  }

  private double maxOutside(LocalDate day) {
    double max = Double.NEGATIVE_INFINITY;
    for (int minute = 0; minute < 24 * 60; minute += 5) {
      max = Math.max(max, model.at(at(day, minute)).levelOutsideCm());
    }
    return max;
  }

  private static Instant at(LocalDate day, int minuteOfDay) {
    return CanThoTime.instant(day, LocalTime.MIDNIGHT).plus(Duration.ofMinutes(minuteOfDay));
  }
}
