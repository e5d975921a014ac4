package vn.cantho.ioc.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.RejectReasons;
import vn.cantho.ioc.core.reading.Rejected;

/** The pipeline's Micrometer meters (exposed at {@code /metrics}). */
final class IngestMetrics {
  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer commitLatency;
  private final Timer lag;

  IngestMetrics(MeterRegistry registry, IngestStats stats, Supplier<Number> queued) {
    this.registry = registry;
    FunctionCounter.builder("ioc.ingest.received", stats, IngestStats::received)
        .description("readings and undecodable items handed to the pipeline")
        .register(registry);
    FunctionCounter.builder("ioc.ingest.stored", stats, IngestStats::stored)
        .description("readings newly stored")
        .register(registry);
    FunctionCounter.builder("ioc.ingest.duplicates", stats, IngestStats::duplicates)
        .description("re-delivered readings that were already stored")
        .register(registry);
    FunctionCounter.builder("ioc.ingest.unstorable", stats, IngestStats::unstorable)
        .description("input the database refused even to quarantine (logged)")
        .register(registry);
    Gauge.builder("ioc.ingest.queued", queued)
        .description("readings waiting for the writer")
        .register(registry);
    batchSize =
        DistributionSummary.builder("ioc.ingest.batch.size")
            .description("readings per committed batch")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    commitLatency =
        Timer.builder("ioc.ingest.commit.latency")
            .description("time to commit one batch")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    lag =
        Timer.builder("ioc.ingest.lag")
            .description(
                "end-to-end lag: commit time minus the readings' timestamp, once per message"
                    + " (consecutive readings of one device with one timestamp)")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
  }

  void quarantined(Rejected r) {
    Counter.builder("ioc.ingest.quarantined")
        .description("items quarantined, by reason")
        .tag("reason", RejectReasons.category(r.reason()))
        .tag("source", String.valueOf(r.source()))
        .register(registry)
        .increment();
  }

  void committed(List<Reading> readings, Duration took, Instant at) {
    batchSize.record(readings.size());
    commitLatency.record(took);
    // One sample per message, not per reading: the readings of a message share device and time,
    // and a percentile timer per reading showed in the ingest profile.
    Reading previous = null;
    for (Reading r : readings) {
      if (!r.sameSampleAs(previous)) {
        Duration behind = Duration.between(r.ts(), at);
        if (!behind.isNegative()) {
          lag.record(behind);
        }
      }
      previous = r;
    }
  }
}
