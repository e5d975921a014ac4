package vn.cantho.ioc.sim.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.sim.FleetConfig;
import vn.cantho.ioc.sim.ReadingModels;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.SimulatorFleet;

class WaterLevelGaugeModelTest {
  private static final SimDevice CAN_THO = FloodGauges.device(FloodGauges.CAN_THO);

  @Test
  void aGaugeIsAFloodDeviceWithItsAlarmLevels() {
    assertThat(CAN_THO.domain()).isEqualTo("flood");
    assertThat(CAN_THO.type()).isEqualTo("water_level_gauge");
    assertThat(CAN_THO.reportIntervalS()).isEqualTo(300);
    assertThat(CAN_THO.attributes()).containsEntry("bd1", 180.0).containsEntry("bd3", 200.0);
    assertThat(FloodGauges.demo())
        .extracting(SimDevice::id)
        .containsExactly("wl-can-tho", "wl-cai-rang", "wl-phung-hiep", "wl-vi-thanh");
  }

  @Test
  void readingsAreTheTruthWithinAFewMillimetresAndRepeatable() {
    TideModel truth = FloodGauges.demoModel(CAN_THO.id());
    Instant t0 = Instant.parse("2026-10-20T00:00:00Z");
    double sum = 0;
    double sumSquares = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      Instant at = t0.plusSeconds(300L * i);
      Map<String, Double> reading = ReadingModels.sample(CAN_THO, at);
      assertThat(reading).containsOnlyKeys("level");
      double level = reading.get("level");
      assertThat(level * 10).isEqualTo(Math.rint(level * 10));
      assertThat(ReadingModels.sample(CAN_THO, at)).isEqualTo(reading);
      double error = level - truth.levelCm(at);
      assertThat(Math.abs(error)).isLessThanOrEqualTo(1.3);
      sum += error;
      sumSquares += error * error;
    }
    double mean = sum / n;
    double sigma = Math.sqrt(sumSquares / n - mean * mean);
    assertThat(mean).isBetween(-0.1, 0.1);
    assertThat(sigma).isBetween(0.4, 0.6);
  }

  @Test
  void theDemoTruthIncludesTheRecordEvening() {
    Instant sevenPm = TideModel.RECORD_AT;
    assertThat(FloodGauges.demoModel("wl-can-tho").recordSurgeCm(sevenPm)).isGreaterThan(10);
  }

  @Test
  void anUnknownGaugeIsRefusedWhenTheFleetIsBuilt() {
    SimDevice stranger =
        new SimDevice("wl-nowhere", "flood", "water_level_gauge", "?", 105.7, 10.0, 300, null);
    FleetConfig config = FleetConfig.defaults("tcp://127.0.0.1:1");

    assertThatThrownBy(() -> new SimulatorFleet(config, List.of(stranger)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wl-nowhere");
    try (SimulatorFleet fleet = new SimulatorFleet(config, FloodGauges.demo())) {
      assertThat(fleet.devices()).hasSize(4);
    }
  }
}
