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
 * A short run of {@code ioc bench traffic}: one simulated day of the bundled corridors through the
 * embedded broker, MQTT ingest, PostgreSQL and the traffic feature's detection. Every reading
 * reaches detection in time, California #8 decides (it needs no history) while bpd, whose baselines
 * need three days, decides nothing, and the line has every figure for both methods. The scored
 * weeks are the benchmark (docs/BENCHMARKS.md); this keeps the command working.
 */
class TrafficBenchTest {
  @Test
  void aSimulatedDayGoesThroughThePipelineToBothMethods(@TempDir Path data) throws Exception {
    Path truth = data.resolve("truth.jsonl");
    JsonNode result =
        new ObjectMapper().readTree(new TrafficBench(0, 1, 7, truth).run(data.resolve("run")));

    int stations = result.path("stations").asInt();
    assertThat(stations).isEqualTo(140);
    assertThat(result.path("readings").asLong())
        .as("three values a station and minute, less the silent detectors' minutes")
        .isBetween(stations * 1440L * 3 * 9 / 10, stations * 1440L * 3);
    assertThat(result.path("readings_late_for_detection").asLong()).isZero();
    assertThat(result.path("batches_dropped_by_detection").asLong()).isZero();
    JsonNode california = result.at("/methods/california8");
    JsonNode bpd = result.at("/methods/bpd");
    for (JsonNode m : List.of(california, bpd)) {
      for (String figure :
          List.of(
              "detection_rate",
              "false_alarm_rate",
              "false_alarms_per_day",
              "mean_time_to_detect_min",
              "recurrent_congestion_flagged")) {
        assertThat(m.path(figure).isNumber()).as(figure).isTrue();
      }
    }
    assertThat(california.path("decisions").asLong()).isGreaterThan(100_000);
    assertThat(bpd.path("decisions").asLong()).isZero();
    assertThat(Files.readAllLines(truth)).hasSize(result.path("events").asInt());
  }
}
