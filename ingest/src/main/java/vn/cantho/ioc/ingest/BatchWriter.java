package vn.cantho.ioc.ingest;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;

/**
 * Commits batches: quarantined input and readings. When the database refuses a batch itself (not an
 * outage), it goes item by item so one bad item is quarantined and the rest is stored. Blocking
 * JDBC: the ingest writer thread only.
 */
final class BatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final ReadingWriter readings;
  private final QuarantineStore quarantine;
  private final IngestStats stats;
  private final IngestMetrics metrics;
  private final Clock clock;

  BatchWriter(
      ReadingWriter readings,
      QuarantineStore quarantine,
      IngestStats stats,
      IngestMetrics metrics,
      Clock clock) {
    this.readings = readings;
    this.quarantine = quarantine;
    this.stats = stats;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Quarantines the rejected input, or throws a transient {@link SQLException} to retry. */
  void quarantine(List<Rejected> rejected) throws SQLException {
    try {
      quarantine.write(rejected);
      stats.quarantined.addAndGet(rejected.size());
      rejected.forEach(metrics::quarantined);
    } catch (SQLException e) {
      if (SqlErrors.isTransient(e)) {
        throw e;
      }
      rejected.forEach(this::quarantineAlone);
    }
  }

  /**
   * Stores the readings, or throws a transient {@link SQLException} to retry. Returns the readings
   * now stored (those the database refused are quarantined instead).
   */
  List<Reading> store(List<Reading> batch) throws SQLException {
    try {
      count(batch.size(), readings.write(batch));
      return batch;
    } catch (SQLException e) {
      if (SqlErrors.isTransient(e)) {
        throw e;
      }
      LOG.warn(
          "Batch of {} readings refused ({}); writing one by one", batch.size(), e.getMessage());
      return writeOneByOne(batch);
    }
  }

  private List<Reading> writeOneByOne(List<Reading> batch) throws SQLException {
    List<Reading> stored = new ArrayList<>(batch.size());
    for (Reading r : batch) {
      try {
        count(1, readings.write(List.of(r)));
        stored.add(r);
      } catch (SQLException e) {
        if (SqlErrors.isTransient(e)) {
          throw e;
        }
        quarantineAlone(asRejected(r, "database refused the reading: " + e.getMessage()));
      }
    }
    return stored;
  }

  private void quarantineAlone(Rejected r) {
    try {
      quarantine.write(List.of(r));
      stats.quarantined.incrementAndGet();
      metrics.quarantined(r);
    } catch (SQLException e) {
      // The one loss path left: input the database cannot even quarantine. Logged in full.
      stats.unstorable.incrementAndGet();
      LOG.error(
          "Could not quarantine input from {} {} ({}): {}",
          r.source(),
          r.topic(),
          r.reason(),
          e.getMessage());
    }
  }

  private void count(int written, int inserted) {
    stats.stored.addAndGet(inserted);
    stats.duplicates.addAndGet(written - inserted);
  }

  Rejected asRejected(Reading r, String reason) {
    String raw =
        new JsonObject()
            .put("deviceId", r.deviceId())
            .put("metric", r.metric())
            .put("ts", r.ts().toString())
            .put("value", String.valueOf(r.value()))
            .encode();
    return new Rejected(
        r.source(),
        null,
        r.deviceId(),
        reason,
        raw.getBytes(StandardCharsets.UTF_8),
        clock.instant());
  }
}
