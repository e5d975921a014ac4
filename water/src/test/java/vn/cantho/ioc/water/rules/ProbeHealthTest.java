package vn.cantho.ioc.water.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeHealthTest {
  @Test
  void implausibleValuesAreAFaultRunThatOneGoodSampleEnds() {
    ProbeHealth probe = new ProbeHealth();
    assertThat(probe.faulty("ph", 7.8)).isFalse();
    assertThat(probe.faulty("ph", 11.2)).isTrue();
    assertThat(probe.faulty("ph", 12.0)).isTrue();
    assertThat(probe.worstRun()).isEqualTo(2);
    assertThat(probe.faulty("ph", 7.9)).isFalse();
    assertThat(probe.worstRun()).isZero();
  }

  @Test
  void anHourOfOneExactValueIsAFrozenSensor() {
    ProbeHealth probe = new ProbeHealth();
    for (int i = 1; i < ProbeHealth.FLAT_RUN; i++) {
      assertThat(probe.faulty("do", 5.2)).as("sample %d", i).isFalse();
    }
    assertThat(probe.faulty("do", 5.2)).isTrue();
    assertThat(probe.worstRun()).isEqualTo(1);
    assertThat(probe.faulty("do", 5.21)).isFalse();
    assertThat(probe.faulty("ph_swing", 0.3)).as("derived values are not sensors").isFalse();
  }

  @Test
  void theWorstMetricDecides() {
    ProbeHealth probe = new ProbeHealth();
    probe.faulty("temp", 3.0);
    probe.faulty("temp", 3.0);
    probe.faulty("do", 5.0);
    assertThat(probe.worstRun()).isEqualTo(2);
  }
}
