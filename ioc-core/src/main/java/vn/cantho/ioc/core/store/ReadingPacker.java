package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Packs readings older than two days of the data's own time into one row per series and hour
 * ({@code readings_packed}: instants and values in arrays), the way TimescaleDB compresses chunks,
 * so an old reading costs under 20 bytes instead of about 90 (ADR 0023, docs/storage.md). On
 * TimescaleDB its native compression does this and the packer does nothing.
 *
 * <p>Each run first raises the watermark {@code packed_before} under the exclusive advisory lock
 * every ingest batch shares ({@link ReadingWriter}), so no batch that read the old watermark is
 * still writing; then moves the raw rows below it, a slice of series and a day per transaction,
 * each under the lock the writer's careful path takes. A row is deleted from the raw table and
 * inserted packed in one transaction: a reading is always in exactly one of the two. Hours that got
 * a late reading after packing ({@code pack_pending}) are merged into their packed row, the stored
 * reading winning over a repeated one, as {@code ON CONFLICT DO NOTHING} does for raw rows.
 *
 * <p>Blocking JDBC: run it on a worker thread, on one node at a time (running twice is safe, only
 * wasted).
 */
public final class ReadingPacker {
  /** Shared by every ingest batch, exclusive while the watermark rises. */
  static final long WATERMARK_LOCK = 1_919_001;

  /** Taken by each packing transaction and by writes reaching before the watermark. */
  static final long PACKING_LOCK = 1_919_002;

  /** Raw readings are kept this long behind the newest stored instant: what detectors read. */
  public static final Duration HORIZON = Duration.ofDays(2);

  /** Series per packing transaction: bounded work and short locks. */
  static final int SERIES_PER_SLICE = 1_000;

  private static final String STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS pack_moving (series_id integer, ts timestamptz,"
          + " value double precision, quality smallint, source smallint, prio integer)"
          + " ON COMMIT DELETE ROWS";
  private static final String MOVE_SLICE =
      "WITH moved AS (DELETE FROM readings_raw WHERE series_id >= ? AND series_id < ?"
          + " AND ts >= ? AND ts < ? RETURNING series_id, ts, value, quality, source)"
          + " INSERT INTO pack_moving SELECT *, 1 FROM moved";
  private static final String MOVE_PENDING =
      "WITH p AS (DELETE FROM pack_pending WHERE (series_id, hour) IN"
          + " (SELECT series_id, hour FROM pack_pending ORDER BY hour LIMIT ?)"
          + " RETURNING series_id, hour),"
          + " moved AS (DELETE FROM readings_raw r USING p WHERE r.series_id = p.series_id"
          + " AND r.ts >= p.hour AND r.ts < p.hour + interval '1 hour'"
          + " RETURNING r.series_id, r.ts, r.value, r.quality, r.source)"
          + " INSERT INTO pack_moving SELECT *, 1 FROM moved";

  /** Packed rows of the hours being packed again are unpacked into the stage first (prio 0). */
  private static final String UNPACK_TOUCHED =
      "WITH old AS (DELETE FROM readings_packed p USING (SELECT DISTINCT series_id,"
          + " date_trunc('hour', ts, 'UTC') AS hour FROM pack_moving) m"
          + " WHERE p.series_id = m.series_id AND p.hour = m.hour RETURNING p.*)"
          + " INSERT INTO pack_moving SELECT o.series_id,"
          + " o.hour + (u.ms * 1000::bigint + coalesce(u.us, 0)) * interval '1 microsecond',"
          + " u.v, coalesce(u.q, 0::smallint),"
          + " CASE WHEN cardinality(o.sources) = 1 THEN o.sources[1] ELSE u.src END, 0"
          + " FROM old o CROSS JOIN LATERAL"
          + " unnest(o.offsets, o.micros, o.vals, o.qualities, o.sources) AS u (ms, us, v, q, src)"
          + " WHERE u.ms IS NOT NULL";

  /**
   * One row per series and hour. Offsets in milliseconds, with the sub-millisecond rest only where
   * some reading has one; qualities only where some reading is not good; one source code when the
   * hour came one way.
   */
  private static final String PACK =
      "INSERT INTO readings_packed (series_id, hour, offsets, micros, vals, qualities, sources)"
          + " SELECT series_id, hour, array_agg((off / 1000)::integer ORDER BY ts),"
          + " CASE WHEN bool_or(off % 1000 <> 0)"
          + " THEN array_agg((off % 1000)::smallint ORDER BY ts) END,"
          + " array_agg(value ORDER BY ts),"
          + " CASE WHEN bool_or(quality <> 0) THEN array_agg(quality ORDER BY ts) END,"
          + " CASE WHEN min(source) = max(source) THEN ARRAY[min(source)]"
          + " ELSE array_agg(source ORDER BY ts) END"
          + " FROM (SELECT DISTINCT ON (series_id, ts) series_id, ts, value, quality, source,"
          + " date_trunc('hour', ts, 'UTC') AS hour,"
          + " ((extract(epoch FROM ts) - extract(epoch FROM date_trunc('hour', ts, 'UTC')))"
          + " * 1000000)::bigint AS off"
          + " FROM pack_moving ORDER BY series_id, ts, prio) d GROUP BY series_id, hour";

  /** The watermark starts at -infinity, which the driver reads as the earliest OffsetDateTime. */
  private static final Instant BEFORE_ANY_READING = Instant.parse("0001-01-01T00:00:00Z");

  private final Database database;
  private final Clock clock;

  public ReadingPacker(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Packs every hour that ended {@link #HORIZON} before the newest stored instant (never after the
   * clock's now, so a device with a clock in the future packs nothing early). Returns how many
   * readings were packed.
   */
  public long packOld() throws SQLException {
    if (database.storageMode() != StorageMode.NATIVE_PARTITIONS) {
      return 0;
    }
    Instant newest;
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT newest FROM reading_packing")) {
      rs.next();
      newest = rs.getObject(1, OffsetDateTime.class).toInstant();
    }
    if (newest.isBefore(BEFORE_ANY_READING)) {
      return 0; // nothing rolled up yet
    }
    Instant now = clock.instant();
    Instant upTo = (newest.isAfter(now) ? now : newest).minus(HORIZON);
    return packBefore(upTo.truncatedTo(ChronoUnit.HOURS));
  }

  /**
   * Packs every reading before {@code upTo} (a whole hour) and the hours pending a merge; returns
   * how many readings were moved into packed rows.
   */
  public long packBefore(Instant upTo) throws SQLException {
    if (!upTo.truncatedTo(ChronoUnit.HOURS).equals(upTo)) {
      throw new IllegalArgumentException("packing stops on a whole hour, not at " + upTo);
    }
    Instant from = raiseWatermark(upTo);
    long packed = 0;
    if (from != null) {
      int maxSeries = maxSeriesId();
      for (Instant day = from; day.isBefore(upTo); day = day.plus(Duration.ofDays(1))) {
        Instant dayEnd = day.plus(Duration.ofDays(1));
        Instant end = dayEnd.isAfter(upTo) ? upTo : dayEnd;
        for (int first = 1; first <= maxSeries; first += SERIES_PER_SLICE) {
          packed += packSlice(first, first + SERIES_PER_SLICE, day, end);
        }
      }
    }
    while (hasPending()) {
      packed += packPending();
    }
    return packed;
  }

  /**
   * Raises the watermark to {@code upTo}; returns where the new packing range starts (the old
   * watermark, or the oldest raw reading the first time), or null when it was already there.
   */
  private Instant raiseWatermark(Instant upTo) throws SQLException {
    Instant previous =
        database.inTransaction(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + WATERMARK_LOCK + ")");
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT packed_before FROM reading_packing WHERE packed_before < ?")) {
                ps.setTimestamp(1, Timestamp.from(upTo));
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return null;
                  }
                  Instant was = rs.getObject(1, OffsetDateTime.class).toInstant();
                  try (PreparedStatement up =
                      c.prepareStatement("UPDATE reading_packing SET packed_before = ?")) {
                    up.setTimestamp(1, Timestamp.from(upTo));
                    up.executeUpdate();
                  }
                  return was;
                }
              }
            });
    if (previous == null || previous.isAfter(BEFORE_ANY_READING)) {
      return previous;
    }
    // The first packing: from the oldest raw reading's hour (one scan, once).
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT min(ts) FROM readings_raw WHERE ts < ?")) {
      ps.setTimestamp(1, Timestamp.from(upTo));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Timestamp oldest = rs.getTimestamp(1);
        return oldest == null ? null : oldest.toInstant().truncatedTo(ChronoUnit.HOURS);
      }
    }
  }

  private boolean hasPending() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pack_pending)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private int maxSeriesId() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM series")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private long packSlice(int firstSeries, int endSeries, Instant from, Instant to)
      throws SQLException {
    return pack(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(MOVE_SLICE)) {
            ps.setInt(1, firstSeries);
            ps.setInt(2, endSeries);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            return ps.executeUpdate();
          }
        });
  }

  private long packPending() throws SQLException {
    return pack(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(MOVE_PENDING)) {
            ps.setInt(1, SERIES_PER_SLICE);
            return ps.executeUpdate();
          }
        });
  }

  /** Moves raw rows into the stage with {@code move}, merges touched packed hours, packs. */
  private long pack(SqlWork<Integer> move) throws SQLException {
    return database.inTransaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + PACKING_LOCK + ")");
            s.execute(STAGE);
          }
          int moved = move.run(c);
          if (moved == 0) {
            return 0L;
          }
          try (Statement s = c.createStatement()) {
            s.executeUpdate(UNPACK_TOUCHED);
            s.executeUpdate(PACK);
          }
          return (long) moved;
        });
  }
}
