package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Rollups of the readings kept by the application (issue 19): 5-minute and hourly count, sum, min
 * and max per device and metric, in {@code readings_5m} and {@code readings_1h}.
 *
 * <p>Exact, however late a reading comes: {@link #markDirty} records each stored reading's 5-minute
 * bucket in the transaction that stores it; {@link #rollUp} recomputes dirty buckets from the raw
 * readings (idempotent: a bucket is rewritten whole), then their hours from the 5-minute rows, and
 * clears them, all in one transaction. Readers ({@link SeriesStore}) aggregate buckets still dirty
 * from the raw readings, so an answer never depends on how far the job has come.
 *
 * <p>On TimescaleDB continuous aggregates keep both tables instead (V23): the job then only ages
 * out the marks.
 */
public final class Rollups {
  /**
   * Every bucket starts at a multiple of its width from local midnight (UTC+7), as API steps do.
   */
  static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+07'";

  /** A rollup table and the width of its buckets. */
  public enum Table {
    FIVE_MINUTES("readings_5m", Duration.ofMinutes(5)),
    HOUR("readings_1h", Duration.ofHours(1));

    final String name;
    final Duration width;

    Table(String name, Duration width) {
      this.name = name;
      this.width = width;
    }

    /**
     * The coarsest table that answers a step over a range exactly: the step a multiple of its
     * width, and both ends on its bucket boundaries.
     */
    static Optional<Table> answering(Duration step, Instant from, Instant to) {
      for (Table t : List.of(HOUR, FIVE_MINUTES)) {
        long w = t.width.toSeconds();
        if (step.toSeconds() % w == 0 && aligned(from, w) && aligned(to, w)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }

    private static boolean aligned(Instant t, long widthSeconds) {
      // The origin is 17:00 UTC, a whole hour: alignment on UTC seconds is alignment on it.
      return t.getNano() == 0 && Math.floorMod(t.getEpochSecond(), widthSeconds) == 0;
    }
  }

  private static final String MARK =
      "INSERT INTO rollup_dirty (series_id, bucket)"
          + " SELECT s, to_timestamp(b) FROM unnest(?::integer[], ?::bigint[]) AS m (s, b)"
          + " ON CONFLICT DO NOTHING";

  private static final String TAKEN_TABLE =
      "CREATE TEMP TABLE IF NOT EXISTS rollup_taken"
          + " (series_id integer, bucket timestamptz) ON COMMIT DELETE ROWS";

  /**
   * Takes a slice of the dirty buckets, oldest first, but none of the last ten minutes: those are
   * still filling (rewriting them each minute would be wasted work, and their rows would make the
   * ingest transactions marking them wait on this one); readers aggregate them from the raw
   * readings meanwhile.
   */
  private static final String TAKE =
      "WITH taken AS (DELETE FROM rollup_dirty WHERE (series_id, bucket) IN"
          + " (SELECT series_id, bucket FROM rollup_dirty"
          + " WHERE bucket < now() - interval '10 minutes' ORDER BY bucket LIMIT ?)"
          + " RETURNING series_id, bucket)"
          + " INSERT INTO rollup_taken SELECT * FROM taken";

  /**
   * Rewrites each taken bucket whole from the raw readings. A bucket whose readings retention has
   * dropped keeps its rollup: rollups outlive the raw data. Through {@code series_readings_in}
   * (V24), which reads one series' index; {@code readings_in} joined on the series scanned every
   * series' readings of the bucket, once per bucket.
   */
  private static final String FIVE_MINUTES =
      "INSERT INTO readings_5m SELECT s.device_id, s.metric, t.bucket, count(*),"
          + " sum(r.value), min(r.value), max(r.value) FROM rollup_taken t"
          + " JOIN series s ON s.id = t.series_id"
          + " CROSS JOIN LATERAL"
          + " series_readings_in(t.series_id, t.bucket, t.bucket + interval '5 minutes') r"
          + " GROUP BY s.device_id, s.metric, t.bucket"
          + " ON CONFLICT (device_id, metric, bucket) DO UPDATE SET n = excluded.n,"
          + " total = excluded.total, low = excluded.low, high = excluded.high";

  /** The hours of the buckets just rewritten, from their 5-minute rows. */
  private static final String HOURS =
      "INSERT INTO readings_1h SELECT h.device_id, h.metric, h.bucket, sum(f.n), sum(f.total),"
          + " min(f.low), max(f.high) FROM (SELECT DISTINCT s.device_id, s.metric,"
          + " date_bin(interval '1 hour', t.bucket, "
          + ORIGIN
          + ") AS bucket FROM rollup_taken t JOIN series s ON s.id = t.series_id) h"
          + " JOIN readings_5m f"
          + " ON f.device_id = h.device_id AND f.metric = h.metric"
          + " AND f.bucket >= h.bucket AND f.bucket < h.bucket + interval '1 hour'"
          + " GROUP BY h.device_id, h.metric, h.bucket"
          + " ON CONFLICT (device_id, metric, bucket) DO UPDATE SET n = excluded.n,"
          + " total = excluded.total, low = excluded.low, high = excluded.high";

  /**
   * The data's own clock for packing ({@link ReadingPacker}): the end of the newest bucket rolled
   * up. Rolled-up buckets are at least ten minutes old, which packing two days behind never minds.
   */
  private static final String NEWEST =
      "UPDATE reading_packing SET newest = t.m FROM"
          + " (SELECT max(bucket) + interval '5 minutes' AS m FROM rollup_taken) t"
          + " WHERE t.m > newest";

  /** Dirty buckets rolled up per transaction: bounded work, short locks. */
  public static final int SLICE = 5_000;

  /**
   * On TimescaleDB continuous aggregates keep the rollups (V23). A mark makes readers aggregate its
   * bucket from the raw readings; marks of the last two hours stay, which covers the buckets the
   * hourly policy has not reached yet (it stops an hour short and runs every 30 minutes). A late
   * reading's mark for an older bucket goes at the next run: that bucket reads as before until the
   * next policy run recomputes it from TimescaleDB's invalidation log.
   */
  private static final String FORGET_MARKS =
      "DELETE FROM rollup_dirty WHERE bucket < now() - interval '2 hours'";

  private final Database database;

  public Rollups(Database database) {
    this.database = database;
  }

  /**
   * Marks 5-minute buckets dirty, each given as its series and its start in epoch seconds; call
   * inside the transaction that stores their readings ({@link DirtyMarks} says which).
   */
  static void markDirty(Connection c, int[] seriesIds, long[] bucketStarts) throws SQLException {
    if (seriesIds.length == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(MARK)) {
      ps.setObject(1, seriesIds);
      ps.setObject(2, bucketStarts);
      ps.executeUpdate();
    }
  }

  /**
   * Rolls up dirty buckets, a slice per transaction, until none is left or {@code maxSlices} were
   * done; returns how many buckets were rolled up. Blocking: call it from a worker.
   */
  public int rollUp(int maxSlices) throws SQLException {
    if (database.storageMode() == StorageMode.TIMESCALE_HYPERTABLE) {
      return forgetMarksKeptByTimescale();
    }
    int done = 0;
    for (int slice = 0; slice < maxSlices; slice++) {
      int n =
          database.inTransaction(
              c -> {
                try (var s = c.createStatement()) {
                  s.execute(TAKEN_TABLE);
                }
                int rewritten;
                try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                  ps.setInt(1, SLICE);
                  rewritten = ps.executeUpdate();
                }
                try (var s = c.createStatement()) {
                  s.executeUpdate(FIVE_MINUTES);
                  s.executeUpdate(HOURS);
                  s.executeUpdate(NEWEST);
                }
                return rewritten;
              });
      done += n;
      if (n == 0) {
        break;
      }
    }
    return done;
  }

  private int forgetMarksKeptByTimescale() throws SQLException {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(FORGET_MARKS)) {
            return ps.executeUpdate();
          }
        });
  }
}
