package vn.cantho.ioc.sim.flood;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloodTruthTest {
  private static final Instant T0 = Instant.parse("2026-10-12T00:00:00Z");
  private static final TideGauge GAUGE = FloodGauges.CAN_THO; // BĐ 180 / 190 / 200

  @TempDir Path dir;

  @Test
  void eachTidalPeakAboveALevelIsOneEpisode() {
    // Two tides: 205 cm at 06:00, 100 cm at 12:00, 195 cm at 18:00, back to 100 cm.
    ToDoubleFunction<Instant> series =
        polyline(0, 100, 6 * 60, 205, 12 * 60, 100, 18 * 60, 195, 24 * 60, 100);

    List<Crossing> crossings = FloodTruth.crossings(GAUGE, series, T0, hours(24), 5);

    assertThat(crossings)
        .extracting(Crossing::level, Crossing::peakCm)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 205.0),
            org.assertj.core.groups.Tuple.tuple(2, 205.0),
            org.assertj.core.groups.Tuple.tuple(3, 205.0),
            org.assertj.core.groups.Tuple.tuple(1, 195.0),
            org.assertj.core.groups.Tuple.tuple(2, 195.0));
    Crossing first = crossings.get(0);
    // 100 → 205 over 360 minutes: 180 cm is reached at minute 274.29, i.e. first at minute 275.
    assertThat(first.at()).isEqualTo(T0.plus(Duration.ofMinutes(275)));
    assertThat(first.peakAt()).isEqualTo(T0.plus(Duration.ofHours(6)));
  }

  @Test
  void aDipSmallerThanTheHysteresisDoesNotStartANewEpisode() {
    // Up to 203, down to 197 (below BĐ III but not below 195), up to 204, then away.
    ToDoubleFunction<Instant> series = polyline(0, 150, 60, 203, 120, 197, 180, 204, 300, 150);

    List<Crossing> level3 =
        FloodTruth.crossings(GAUGE, series, T0, hours(6), 5).stream()
            .filter(c -> c.level() == 3)
            .toList();

    assertThat(level3).hasSize(1);
    assertThat(level3.get(0).peakCm()).isEqualTo(204.0);
    assertThat(level3.get(0).peakAt()).isEqualTo(T0.plus(Duration.ofMinutes(180)));
  }

  @Test
  void aDipDeeperThanTheHysteresisEndsTheEpisode() {
    ToDoubleFunction<Instant> series = polyline(0, 150, 60, 203, 120, 194, 180, 204, 300, 150);

    List<Crossing> level3 =
        FloodTruth.crossings(GAUGE, series, T0, hours(6), 5).stream()
            .filter(c -> c.level() == 3)
            .toList();

    assertThat(level3).extracting(Crossing::peakCm).containsExactly(203.0, 204.0);
  }

  @Test
  void waterAlreadyAboveALevelAtTheStartIsAnEpisodeFromTheStart() {
    ToDoubleFunction<Instant> series = polyline(0, 185, 60, 150);

    List<Crossing> crossings = FloodTruth.crossings(GAUGE, series, T0, hours(2), 5);

    assertThat(crossings).singleElement().satisfies(c -> assertThat(c.at()).isEqualTo(T0));
  }

  @Test
  void highWatersAreTheTopsOfTidesNotOfWiggles() {
    // A 3 cm wiggle on the rise, a full tide to 200, a low, a second tide to 170.
    ToDoubleFunction<Instant> series =
        polyline(0, 80, 120, 140, 150, 137, 300, 200, 600, 60, 900, 170, 1200, 90);

    List<HighWater> hw = FloodTruth.highWaters(GAUGE, series, T0, hours(20));

    assertThat(hw)
        .extracting(HighWater::at, HighWater::levelCm)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0.plus(Duration.ofMinutes(300)), 200.0),
            org.assertj.core.groups.Tuple.tuple(T0.plus(Duration.ofMinutes(900)), 170.0));
  }

  @Test
  void theModelsSpringTidesGiveOneEpisodePerEveningPeak() {
    TideModel model = new TideModel(GAUGE);
    Instant from = Instant.parse("2026-10-25T17:00:00Z"); // midnight, 26 Oct local
    Instant to = from.plus(Duration.ofDays(4));

    List<Crossing> bd1 =
        FloodTruth.crossings(GAUGE, model, from, to, 5).stream()
            .filter(c -> c.level() == 1)
            .toList();
    List<HighWater> above =
        FloodTruth.highWaters(GAUGE, model, from, to).stream()
            .filter(h -> h.levelCm() >= GAUGE.bd1())
            .toList();

    assertThat(bd1).hasSameSizeAs(above).isNotEmpty();
    for (int i = 0; i < bd1.size(); i++) {
      assertThat(bd1.get(i).peakCm()).isEqualTo(above.get(i).levelCm());
    }
  }

  @Test
  void writesOneJsonObjectPerLineInTimeOrder() throws Exception {
    Path file = dir.resolve("truth/flood.jsonl");
    HighWater hw = new HighWater("wl-can-tho", T0.plusSeconds(3600), 203.456);
    Crossing c = new Crossing("wl-can-tho", 3, T0, 203.456, T0.plusSeconds(3600));

    FloodTruth.writeJsonLines(file, List.of(hw), List.of(c));

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    JsonNode second = json.readTree(lines.get(1));
    assertThat(first.get("kind").asText()).isEqualTo("crossing");
    assertThat(first.get("level").asInt()).isEqualTo(3);
    assertThat(first.get("at").asText()).isEqualTo("2026-10-12T00:00:00Z");
    assertThat(first.get("peakCm").asDouble()).isEqualTo(203.46);
    assertThat(second.get("kind").asText()).isEqualTo("high_water");
    assertThat(second.get("gaugeId").asText()).isEqualTo("wl-can-tho");
    assertThat(second.get("levelCm").asDouble()).isEqualTo(203.46);
  }

  private static Instant hours(int h) {
    return T0.plus(Duration.ofHours(h));
  }

  /** Straight lines through (minute, cm) points; flat after the last. */
  private static ToDoubleFunction<Instant> polyline(double... minuteAndCm) {
    return at -> {
      double m = Duration.between(T0, at).toSeconds() / 60.0;
      for (int i = 0; i + 3 < minuteAndCm.length; i += 2) {
        double m0 = minuteAndCm[i];
        double m1 = minuteAndCm[i + 2];
        if (m >= m0 && m <= m1) {
          double v0 = minuteAndCm[i + 1];
          double v1 = minuteAndCm[i + 3];
          return v0 + (v1 - v0) * (m - m0) / (m1 - m0);
        }
      }
      return minuteAndCm[minuteAndCm.length - 1];
    };
  }
}
