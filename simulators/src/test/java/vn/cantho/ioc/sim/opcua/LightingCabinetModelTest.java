package vn.cantho.ioc.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

class LightingCabinetModelTest {
  private final LightingCabinetModel model = new LightingCabinetModel();
  private final LocalDate day = LocalDate.of(2026, 11, 23);

  @Test
  void contactorIsOnAtNightAndOffAtNoon() {
    LightingCabinetModel.State midnight = model.at(CanThoTime.instant(day, LocalTime.of(0, 0)));
    LightingCabinetModel.State evening = model.at(CanThoTime.instant(day, LocalTime.of(19, 0)));
    LightingCabinetModel.State noon = model.at(CanThoTime.instant(day, LocalTime.of(12, 0)));

    assertThat(midnight.contactorOn()).isTrue();
    assertThat(evening.contactorOn()).isTrue();
    assertThat(noon.contactorOn()).isFalse();
    assertThat(noon.totalPowerW()).isEqualTo(LightingCabinetModel.STANDBY_W);
    assertThat(evening.totalPowerW()).isEqualTo(LightingCabinetModel.FULL_LOAD_W);
    assertThat(midnight.totalPowerW()).isEqualTo(LightingCabinetModel.FULL_LOAD_W / 2);
  }

  @Test
  void currentIsPowerOverVoltage() {
    LightingCabinetModel.State s = model.at(CanThoTime.instant(day, LocalTime.of(20, 15)));

    assertThat(s.voltageV()).isBetween(215.0, 235.0);
    assertThat(s.currentA()).isCloseTo(s.totalPowerW() / s.voltageV(), within(0.01));
  }
}
