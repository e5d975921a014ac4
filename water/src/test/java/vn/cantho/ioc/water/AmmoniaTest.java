package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Against the worked values of docs/domain.md §1.4 (Emerson 1975, Millero 1995). */
class AmmoniaTest {
  @ParameterizedTest(name = "{0} °C, pH {1}: {2} %")
  @CsvSource({
    "20, 7.0, 0.39",
    "20, 8.0, 3.81",
    "20, 9.0, 28.4",
    "25, 7.0, 0.56",
    "25, 7.5, 1.76",
    "25, 8.0, 5.37",
    "25, 8.5, 15.2",
    "25, 9.0, 36.2",
    "28, 8.5, 18.1",
    "30, 7.5, 2.48",
    "30, 8.5, 20.3",
    "30, 9.0, 44.5",
    "32, 8.0, 8.42"
  })
  void freshWaterFractionMatchesTheTable(double t, double pH, double percent) {
    double f = Ammonia.unionisedFraction(Ammonia.pKaFresh(t), pH);
    assertThat(f * 100).isCloseTo(percent, within(0.05 * Math.max(1, percent / 10)));
  }

  @Test
  void theSamePondIsEightTimesWorseInTheAfternoon() {
    // TAN 1.0 mg/L at 30 °C: pH 8.5 in the afternoon gives 0.20, pH 7.5 at dawn 0.025 mg NH3-N/L.
    assertThat(Ammonia.nh3N(1.0, 8.5, 30, null)).isCloseTo(0.203, within(0.002));
    assertThat(Ammonia.nh3N(1.0, 7.5, 30, null)).isCloseTo(0.025, within(0.001));
  }

  @Test
  void milleroReproducesEmersonInFreshWaterAndGivesTheBrackishFractions() {
    assertThat(Ammonia.pKaBrackish(28, 0)).isCloseTo(9.153, within(0.002));
    assertThat(Ammonia.pKaFresh(28)).isCloseTo(9.155, within(0.002));
    for (double s : new double[] {5, 10, 15}) {
      for (double t : new double[] {28, 30}) {
        double percent = Ammonia.unionisedFraction(Ammonia.pKaBrackish(t, s), 8.0) * 100;
        assertThat(percent).as("S %s, %s °C", s, t).isBetween(6.9, 8.1);
      }
    }
    assertThat(Ammonia.nh3N(1.0, 8.0, 30, 12.0))
        .isCloseTo(Ammonia.unionisedFraction(Ammonia.pKaBrackish(30, 12), 8.0), within(1e-12));
  }
}
