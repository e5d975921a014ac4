package vn.cantho.ioc.flood.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TideForecasterTest {
  private static final Instant START = Instant.parse("2026-09-10T00:00:00Z");

  /** A mixed tide like the Hậu river's, a slowly rising river and a centimetre of noise. */
  static double truth(long s) {
    double t = s - START.getEpochSecond();
    double h = 80 + 20 * t / (40 * 86400.0); // the upstream flood: +20 cm in 40 days
    h += 75 * Math.cos(Constituent.M2.radiansPerSecond() * t - 1.1);
    h += 28 * Math.cos(Constituent.S2.radiansPerSecond() * t - 1.9);
    h += 14 * Math.cos(Constituent.N2.radiansPerSecond() * t - 0.4);
    h += 38 * Math.cos(Constituent.K1.radiansPerSecond() * t - 2.4);
    h += 27 * Math.cos(Constituent.O1.radiansPerSecond() * t - 0.7);
    h += 6 * Math.cos(Constituent.M4.radiansPerSecond() * t - 2.0);
    return h;
  }

  private static LevelHistory history(Instant until) {
    LevelHistory h = new LevelHistory(Duration.ofDays(30));
    Random noise = new Random(7);
    for (Instant t = START; t.isBefore(until); t = t.plusSeconds(300)) {
      h.append(t, truth(t.getEpochSecond()) + noise.nextGaussian() * 0.5);
    }
    return h;
  }

  /** The true next high water after {@code from}, by the minute. */
  private static HighWater trueNext(Instant from) {
    long s = from.getEpochSecond();
    while (!(truth(s + 60) < truth(s) && truth(s) >= truth(s - 60))) {
      s += 60;
    }
    return new HighWater(Instant.ofEpochSecond(s), truth(s));
  }

  @Test
  void theNextHighWaterOfAMixedTideIsForecastToAFewCentimetres() {
    Instant issued = START.plus(Duration.ofDays(30));
    TideForecaster.Prediction p = TideForecaster.predict(history(issued), issued);

    List<HighWater> next = TideForecaster.nextHighWaters(p, 2);

    HighWater truth = trueNext(issued);
    assertThat(next).hasSize(2);
    assertThat(next.get(0).levelCm()).isCloseTo(truth.levelCm(), within(3.0));
    assertThat(Duration.between(truth.at(), next.get(0).at()).abs())
        .isLessThan(Duration.ofMinutes(15));
    assertThat(next.get(1).at()).isAfter(next.get(0).at().plus(Duration.ofHours(8)));
    assertThat(p.tide().amplitudeCm(Constituent.M2)).isCloseTo(75, within(2.0));
  }

  @Test
  void noForecastBeforeTwoWeeksOfReadings() {
    Instant issued = START.plus(Duration.ofDays(10));

    assertThat(TideForecaster.predict(history(issued), issued)).isNull();
  }

  @Test
  void aShortRecordFitsOnlyTheConstituentsItSeparates() {
    assertThat(HarmonicFit.separable(Duration.ofDays(16).toSeconds()))
        .contains(Constituent.S2, Constituent.O1)
        .doesNotContain(Constituent.N2, Constituent.Q1);
    assertThat(HarmonicFit.separable(Duration.ofDays(29).toSeconds()))
        .containsAll(List.of(Constituent.values()));
  }
}
