package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.cantho.ioc.sim.LightingModel.DIM;
import static vn.cantho.ioc.sim.LightingModel.POWER;
import static vn.cantho.ioc.sim.LightingModel.STATE;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.CanThoTime;

class LightingModelTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  private final LightingModel model = new LightingModel();
  private final SimDevice lamp = Devices.lamp("sl-0001", 100, Map.of());

  @Test
  void isOnAtNightAndOffAtNoon() {
    assertThat(at(lamp, LocalTime.of(22, 0)).get(STATE)).isEqualTo(1.0);
    assertThat(at(lamp, LocalTime.of(2, 0)).get(STATE)).isEqualTo(1.0);
    assertThat(at(lamp, LocalTime.NOON).get(STATE)).isEqualTo(0.0);
  }

  @Test
  void dimsLateAtNightOnly() {
    assertThat(at(lamp, LocalTime.of(1, 0)).get(DIM)).isLessThanOrEqualTo(60.0);
    assertThat(at(lamp, LocalTime.of(20, 0)).get(DIM)).isGreaterThanOrEqualTo(90.0);
    assertThat(at(lamp, LocalTime.of(5, 0)).get(DIM)).isGreaterThanOrEqualTo(90.0);
    assertThat(at(lamp, LocalTime.NOON).get(DIM)).isEqualTo(0.0);
  }

  @Test
  void followsSunsetWithATenMinuteOffset() {
    LocalDate midsummer = LocalDate.of(2026, 6, 21); // sunset 18:19
    LocalTime sunset = SunTimes.sunset(midsummer);

    assertThat(on(midsummer, sunset.plusMinutes(5))).isFalse();
    assertThat(on(midsummer, sunset.plusMinutes(15))).isTrue();
  }

  @Test
  void followsSunriseWithATenMinuteOffset() {
    LocalDate midwinter = LocalDate.of(2026, 12, 21); // sunrise 06:08
    LocalTime sunrise = SunTimes.sunrise(midwinter);

    assertThat(on(midwinter, sunrise.minusMinutes(15))).isTrue();
    assertThat(on(midwinter, sunrise.minusMinutes(5))).isFalse();
  }

  @Test
  void drawsRatedPowerScaledByDimLevelAndStandbyWhenOff() {
    assertThat(at(lamp, LocalTime.of(20, 0)).get(POWER)).isCloseTo(100.0, within(3.0));
    assertThat(at(lamp, LocalTime.of(1, 0)).get(POWER)).isCloseTo(50.0, within(1.5));
    assertThat(at(lamp, LocalTime.NOON).get(POWER)).isBetween(0.0, 1.0);
  }

  @Test
  void aDayBurnerStaysLitAtNoon() {
    SimDevice dayBurner =
        Devices.lamp("sl-0002", 120, Map.of(RegistryGenerator.SIMULATED_FAULT, "lampUnexpectedOn"));
    Map<String, Double> noon = at(dayBurner, LocalTime.NOON);

    assertThat(noon.get(STATE)).isEqualTo(1.0);
    assertThat(noon.get(POWER)).isGreaterThan(100.0);
  }

  @Test
  void aFailedLampIsOnButDrawsNoPower() {
    SimDevice failed =
        Devices.lamp("sl-0003", 120, Map.of(RegistryGenerator.SIMULATED_FAULT, "lampFailure"));
    Map<String, Double> night = at(failed, LocalTime.of(21, 0));

    assertThat(night.get(STATE)).isEqualTo(1.0);
    assertThat(night.get(POWER)).isLessThan(1.0);
  }

  private boolean on(LocalDate date, LocalTime time) {
    return model.sample(lamp, CanThoTime.instant(date, time)).get(STATE) == 1.0;
  }

  private Map<String, Double> at(SimDevice device, LocalTime time) {
    return model.sample(device, CanThoTime.instant(DAY, time));
  }
}
