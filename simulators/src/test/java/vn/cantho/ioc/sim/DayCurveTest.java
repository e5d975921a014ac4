package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DayCurveTest {
  private final DayCurve curve = DayCurve.of(6, 1.0, 18, 0.0);

  @Test
  void returnsThePointsThemselves() {
    assertThat(curve.at(6)).isEqualTo(1.0);
    assertThat(curve.at(18)).isEqualTo(0.0);
  }

  @Test
  void interpolatesLinearlyBetweenPoints() {
    assertThat(curve.at(12)).isCloseTo(0.5, within(1e-9));
    assertThat(curve.at(9)).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void wrapsAroundMidnight() {
    assertThat(curve.at(0)).isCloseTo(0.5, within(1e-9));
    assertThat(curve.at(21)).isCloseTo(0.25, within(1e-9));
    assertThat(curve.at(3)).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void rejectsHoursOutOfOrder() {
    assertThatThrownBy(() -> DayCurve.of(12, 1.0, 6, 0.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
