package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SeededNoiseTest {

  @Test
  void jitterStaysWithinItsBoundsAndAveragesOut() {
    double[] samples =
        LongStream.range(0, 10_000)
            .mapToDouble(t -> SeededNoise.jitter("wq-0001", "do", t, 0.1))
            .toArray();

    assertThat(Arrays.stream(samples).min().orElseThrow()).isGreaterThanOrEqualTo(-0.1);
    assertThat(Arrays.stream(samples).max().orElseThrow()).isLessThanOrEqualTo(0.1);
    double mean = Arrays.stream(samples).average().orElseThrow();
    assertThat(mean).isCloseTo(0.0, within(0.005));
  }

  @Test
  void smallErrorsAreMoreLikelyThanLargeOnes() {
    long small =
        LongStream.range(0, 10_000)
            .filter(t -> Math.abs(SeededNoise.jitter("wq-0001", "do", t, 1.0)) < 0.5)
            .count();

    // triangular distribution: 75 % of the mass within half the width
    assertThat(small).isBetween(7_000L, 8_000L);
  }

  @Test
  void traitsAreStablePerDeviceAndDifferBetweenDevices() {
    Set<Double> perDevice = new HashSet<>();
    for (int n = 0; n < 100; n++) {
      double trait = SeededNoise.trait("sl-" + n, "rated", 60, 150);
      assertThat(trait).isBetween(60.0, 150.0);
      assertThat(SeededNoise.trait("sl-" + n, "rated", 60, 150)).isEqualTo(trait);
      perDevice.add(trait);
    }
    assertThat(perDevice).hasSize(100);
  }
}
