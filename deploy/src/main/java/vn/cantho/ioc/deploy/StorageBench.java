package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PartitionMaintainer;
import vn.cantho.ioc.core.store.ReadingPacker;
import vn.cantho.ioc.core.store.ReadingWriter;

/**
 * {@code ioc bench storage}: what a reading costs on disk (issue 19: at most 100 bytes fresh on
 * plain PostgreSQL including indexes, at most 20 packed). Writes {@code series × minutes} readings,
 * one a minute per series ending now, through the ingest path's own {@link ReadingWriter} into a
 * fresh embedded PostgreSQL; measures the raw tables and their indexes; packs every finished hour
 * with the {@link ReadingPacker}; measures the packed table with its index and TOAST. Values are a
 * water probe's: dissolved oxygen with two decimals, drifting over the day with noise, so the
 * figures are those of real-looking data, not of constants that compress to nothing.
 */
final class StorageBench {
  private static final Logger LOG = LoggerFactory.getLogger(StorageBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final int series;
  private final int minutes;
  private final int batch;

  /**
   * @param batch readings per transaction: 10,000 by default, as ingest's batches under load; a
   *     small one shows what each transaction costs beyond its rows
   */
  StorageBench(int series, int minutes, int batch) {
    this.series = series;
    this.minutes = minutes;
    this.batch = batch;
  }

  String run(Path data) throws Exception {
    try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(embedded.config(4, 3650))) {
      Instant newest = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      Instant first = newest.minus(Duration.ofMinutes(minutes - 1L));
      PartitionMaintainer partitions = new PartitionMaintainer(database);
      for (LocalDate d = LocalDate.ofInstant(first, ZoneOffset.UTC);
          !d.isAfter(LocalDate.ofInstant(newest, ZoneOffset.UTC));
          d = d.plusDays(1)) {
        partitions.maintain(d);
      }
      ReadingWriter writer = new ReadingWriter(database);
      Path postgresData = data.resolve("postgres");
      long cpu0 = CpuTime.jvmNanos();
      long db0 = CpuTime.postgresNanos(postgresData);
      long t0 = System.nanoTime();
      long written = write(writer, first);
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      double cpuUs = (CpuTime.jvmNanos() - cpu0) / 1e3 / written;
      double dbCpuUs = (CpuTime.postgresNanos(postgresData) - db0) / 1e3 / written;
      vacuum(database, "readings_raw");
      long rawRows = scalar(database, "SELECT count(*) FROM readings_raw");
      long rawBytes =
          scalar(
              database,
              "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
                  + " WHERE c.relname IN ('series', 'reading_sources')"
                  + " OR c.oid IN (SELECT inhrelid FROM pg_inherits"
                  + " WHERE inhparent = 'readings_raw'::regclass)");
      long heapBytes =
          scalar(
              database,
              "SELECT sum(pg_relation_size(inhrelid)) FROM pg_inherits"
                  + " WHERE inhparent = 'readings_raw'::regclass");

      ReadingPacker packer = new ReadingPacker(database, Clock.systemUTC());
      long p0 = System.nanoTime();
      long packed = packer.packBefore(newest.truncatedTo(ChronoUnit.HOURS));
      double packSeconds = (System.nanoTime() - p0) / 1e9;
      vacuum(database, "readings_packed");
      long packedBytes = scalar(database, "SELECT pg_total_relation_size('readings_packed')");
      long packedRows = scalar(database, "SELECT count(*) FROM readings_packed");

      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "storage");
      out.put("series", series);
      out.put("readings", written);
      out.put("readings_per_series_hour", 60);
      out.put("bytes_per_reading", round1((double) rawBytes / rawRows));
      out.put("heap_bytes_per_reading", round1((double) heapBytes / rawRows));
      out.put("budget_bytes_per_reading", 100);
      out.put("readings_packed", packed);
      out.put("packed_rows", packedRows);
      out.put("bytes_per_reading_compacted", round1((double) packedBytes / packed));
      out.put("budget_bytes_per_reading_compacted", 20);
      out.put("write_readings_per_s", Math.round(written / writeSeconds));
      out.put("write_batch", batch);
      out.put("write_cpu_us_per_reading", round1(cpuUs));
      out.put("write_db_cpu_us_per_reading", round1(dbCpuUs));
      out.put("pack_readings_per_s", Math.round(packed / packSeconds));
      return out.toString();
    }
  }

  private long write(ReadingWriter writer, Instant first) throws SQLException {
    SplittableRandom random = new SplittableRandom(19);
    long written = 0;
    List<Reading> pending = new ArrayList<>(batch);
    // Minute by minute across all series, as a live city sends them.
    for (int m = 0; m < minutes; m++) {
      Instant ts = first.plus(Duration.ofMinutes(m));
      double daily = Math.sin(2 * Math.PI * (m % 1440) / 1440.0);
      for (int s = 0; s < series; s++) {
        double value = Math.round((5 + 2 * daily + random.nextGaussian() * 0.3) * 100) / 100.0;
        pending.add(new Reading("probe-" + s, "do", ts, value, Quality.GOOD, "mqtt"));
        if (pending.size() == batch) {
          written += writer.write(pending);
          pending.clear();
        }
      }
      if (m % 1440 == 0) {
        LOG.info("written {} readings", written);
      }
    }
    written += writer.write(pending);
    return written;
  }

  private static void vacuum(Database database, String table) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // Outside a transaction (pooled connections are in auto-commit): settles the visibility map
      // and free space, as autovacuum would, so the sizes are those of a table at rest.
      s.execute("VACUUM ANALYZE " + table);
    }
  }

  private static long scalar(Database database, String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
