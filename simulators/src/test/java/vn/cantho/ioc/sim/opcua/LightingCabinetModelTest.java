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

  @Test
  void aRemoteCommandRulesUntilTheTimerNextSwitches() {
    java.time.Instant evening = CanThoTime.instant(day, LocalTime.of(20, 0));
    LightingCabinetModel.RemoteOverride off =
        LightingCabinetModel.override(evening, new LightingCabinetModel.Output(false, 100));

    LightingCabinetModel.State atTen = model.at(CanThoTime.instant(day, LocalTime.of(22, 0)), off);
    LightingCabinetModel.State nextNoon =
        model.at(CanThoTime.instant(day.plusDays(1), LocalTime.of(12, 0)), off);
    LightingCabinetModel.State nextEvening =
        model.at(CanThoTime.instant(day.plusDays(1), LocalTime.of(20, 0)), off);

    assertThat(atTen.contactorOn()).isFalse();
    assertThat(atTen.totalPowerW()).isEqualTo(LightingCabinetModel.STANDBY_W);
    assertThat(off.until()).isBefore(CanThoTime.instant(day.plusDays(1), LocalTime.of(7, 0)));
    assertThat(nextNoon.contactorOn()).isFalse();
    assertThat(nextEvening.contactorOn()).as("the timer rules again").isTrue();
  }

  @Test
  void powerFollowsTheDimLevel() {
    java.time.Instant evening = CanThoTime.instant(day, LocalTime.of(20, 0));
    LightingCabinetModel.RemoteOverride dim30 =
        LightingCabinetModel.override(evening, new LightingCabinetModel.Output(true, 30));

    LightingCabinetModel.State s = model.at(evening, dim30);

    assertThat(s.dimPercent()).isEqualTo(30);
    assertThat(s.totalPowerW()).isEqualTo(LightingCabinetModel.FULL_LOAD_W * 0.3);
    assertThat(model.at(evening).dimPercent()).isEqualTo(100);
    assertThat(model.at(CanThoTime.instant(day, LocalTime.of(0, 0))).dimPercent()).isEqualTo(50);
  }
}
