package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelaySamplesTest {
  @Test
  void percentilesAreNearestRankAndTheWorstSecondsComeFirst() {
    DelaySamples samples = new DelaySamples();
    for (int i = 1; i <= 100; i++) {
      samples.add(1_000 + i % 3, i); // seconds 1000, 1001, 1002 in turn
    }
    assertThat(samples.count()).isEqualTo(100);
    assertThat(samples.percentiles(0.5, 0.99, 1.0)).containsExactly(50, 99, 100);
    assertThat(samples.worstSeconds(2))
        .containsExactly(
            Map.entry(Instant.ofEpochSecond(1_001), 100L),
            Map.entry(Instant.ofEpochSecond(1_000), 99L));
  }

  @Test
  void noSamplesHaveNoPercentiles() {
    assertThat(new DelaySamples().percentiles(0.5, 1.0)).containsExactly(-1, -1);
  }
}
