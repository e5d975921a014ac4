package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.water.VnWqi.Parameter;

/**
 * Against the worked values of docs/domain.md §2.3–2.5: sub-indices, the worked station, classes.
 */
class VnWqiTest {
  @Test
  void workedSubIndicesFromTheGuide() {
    // COD 20 mg/L → (75 − 50)/(30 − 15)·(30 − 20) + 50 = 66.7
    assertThat(VnWqi.subIndex(Parameter.COD, 20, null)).isCloseTo(66.67, within(0.01));
    // DO 5 mg/L at 30 °C → 67.2 % saturation → 67.2
    assertThat(DoSaturation.percent(5, 30)).isCloseTo(67.2, within(0.05));
    assertThat(VnWqi.subIndex(Parameter.DO, 5, 30.0)).isCloseTo(67.2, within(0.05));
  }

  @Test
  void phAndOxygenRiseThenFall() {
    assertThat(VnWqi.ph(5.0)).isEqualTo(10);
    assertThat(VnWqi.ph(5.75)).isEqualTo(75);
    assertThat(VnWqi.ph(7.2)).isEqualTo(100);
    assertThat(VnWqi.ph(8.75)).isEqualTo(75);
    assertThat(VnWqi.ph(9.5)).isEqualTo(10);
    assertThat(VnWqi.doPercent(10)).isEqualTo(10);
    assertThat(VnWqi.doPercent(35)).isEqualTo(37.5);
    assertThat(VnWqi.doPercent(100)).isEqualTo(100);
    assertThat(VnWqi.doPercent(137.5)).isEqualTo(62.5);
    assertThat(VnWqi.doPercent(250)).isEqualTo(10);
  }

  @Test
  void stepsAtTheLimitAndBinaryParameters() {
    assertThat(VnWqi.subIndex(Parameter.NH4_N, 0.29, null)).isEqualTo(100);
    assertThat(VnWqi.subIndex(Parameter.NH4_N, 0.3, null)).isEqualTo(75);
    assertThat(VnWqi.subIndex(Parameter.NH4_N, 6, null)).isEqualTo(10);
    assertThat(VnWqi.subIndex(Parameter.NO2_N, 0.05, null)).isEqualTo(100);
    assertThat(VnWqi.subIndex(Parameter.NO2_N, 0.06, null)).isEqualTo(10);
    assertThat(VnWqi.subIndex(Parameter.DDTS, 1.5, null)).isEqualTo(10);
    assertThat(VnWqi.subIndex(Parameter.CD, 0.005, null)).isEqualTo(75);
  }

  @Test
  void aRiverStationAggregatesToGood() {
    // pH 100; DO 67.23, BOD5 87.5, COD 66.67, N-NH4 62.5 → IV 70.97; coliform 95 → V 95.
    // cbrt(70.97² × 95) = 78.2 → 78, "Tốt".
    var result =
        VnWqi.compute(
                Map.of(
                    Parameter.PH, 7.0,
                    Parameter.DO, 5.0,
                    Parameter.BOD5, 5.0,
                    Parameter.COD, 20.0,
                    Parameter.NH4_N, 0.45,
                    Parameter.COLIFORM, 3000.0),
                30.0)
            .orElseThrow();
    assertThat(result.value()).isEqualTo(78);
    assertThat(result.wqiClass()).isEqualTo(WqiClass.GOOD);
    assertThat(result.wqiClass().labelVi()).isEqualTo("Tốt");
    assertThat(result.wqiClass().colour()).isEqualTo("#00E400");
  }

  @Test
  void tooFewParametersGiveNoIndex() {
    assertThat(VnWqi.compute(Map.of(Parameter.PH, 7.0, Parameter.COD, 20.0), 30.0)).isEmpty();
    // DO without a temperature does not count towards the three group IV parameters.
    assertThat(
            VnWqi.compute(
                Map.of(
                    Parameter.PH, 7.0,
                    Parameter.DO, 5.0,
                    Parameter.COD, 20.0,
                    Parameter.BOD5, 5.0,
                    Parameter.COLIFORM, 3000.0),
                null))
        .isEmpty();
  }

  @Test
  void classesFollowTheDecision() {
    assertThat(WqiClass.of(100)).isEqualTo(WqiClass.VERY_GOOD);
    assertThat(WqiClass.of(91)).isEqualTo(WqiClass.VERY_GOOD);
    assertThat(WqiClass.of(90)).isEqualTo(WqiClass.GOOD);
    assertThat(WqiClass.of(51)).isEqualTo(WqiClass.MEDIUM);
    assertThat(WqiClass.of(50)).isEqualTo(WqiClass.BAD);
    assertThat(WqiClass.of(10)).isEqualTo(WqiClass.POOR);
    assertThat(WqiClass.of(9)).isEqualTo(WqiClass.VERY_HEAVILY_POLLUTED);
    assertThat(WqiClass.of(9).labelVi()).isEqualTo("Ô nhiễm rất nặng");
  }
}
