package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlausibilityTest {
  @Test
  void deltaProbesCannotReadTheseValues() {
    assertThat(Plausibility.plausible("ph", 3.9)).isFalse();
    assertThat(Plausibility.plausible("ph", 10.1)).isFalse();
    assertThat(Plausibility.plausible("ph", 6.5)).isTrue();
    assertThat(Plausibility.plausible("do", 20.5)).isFalse();
    assertThat(Plausibility.plausible("do", 0.5)).isTrue();
    assertThat(Plausibility.plausible("temp", 14.9)).isFalse();
    assertThat(Plausibility.plausible("salinity", 30)).isTrue();
  }
}
