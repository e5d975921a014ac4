package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of {@code ioc bench water} (24 ponds, 4 days, a fresh database): every scripted event
 * is found, every critical one reaches critical, no event-free pond raises anything, and the
 * messages leave. The full week is the benchmark (docs/BENCHMARKS.md); this is its smoke test and
 * an end-to-end check of the rules against ground truth.
 */
class WaterBenchTest {
  @Test
  void aSimulatedWeekIsScoredAgainstItsGroundTruth(@TempDir Path data) throws Exception {
    Path truth = data.resolve("truth.jsonl");
    JsonNode result =
        new ObjectMapper().readTree(new WaterBench(24, 4, 7, truth).run(data.resolve("run")));

    assertThat(result.path("events").asInt()).isPositive();
    assertThat(result.path("critical_events").asInt()).isPositive();
    assertThat(result.path("critical_recall").asDouble()).isEqualTo(1.0);
    result
        .path("recall_by_kind")
        .fields()
        .forEachRemaining(k -> assertThat(k.getValue().asDouble()).as(k.getKey()).isEqualTo(1.0));
    assertThat(result.path("false_alerts_per_100_pond_days").asDouble()).isZero();
    assertThat(result.path("notifications_delivered").asInt()).isPositive();
    assertThat(result.has("detection_delay_p95_min")).isTrue();
    assertThat(result.has("notification_latency_p99_ms")).isTrue();
    List<String> lines = Files.readAllLines(truth);
    assertThat(lines).hasSize(result.path("events").asInt());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("detected_at").isTextual()).isTrue();
    assertThat(first.path("kind").asText()).isNotBlank();
  }
}
