package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Writes a batch of readings in one transaction, keyed by {@link SeriesKeys} (ADR 0023). First
 * straight COPY into {@code readings_raw}: the fastest way in, and all a batch needs unless it
 * repeats a stored reading or reaches back into packed hours. COPY cannot skip duplicates, so a
 * batch that hits the unique key (a redelivery after a crash or reconnect) is rolled back and
 * written again the careful way: through a session-local staging table and one INSERT ... ON
 * CONFLICT DO NOTHING that also skips readings already packed. Redelivery is rare, so the slower
 * path costs little overall (ADR 0002).
 *
 * <p>Packing ({@link ReadingPacker}) moves hours before a watermark out of the raw table. Every
 * batch reads the watermark under a shared advisory lock the packer takes exclusively to raise it,
 * so a batch either sees the new watermark or ends before packing starts: readings at or after it
 * can never meet a packed copy, and the COPY stays safe. A batch reaching before it takes the
 * careful path, serialised with the packer's own transactions, and records the hours it touched for
 * the packer to merge.
 *
 * <p>The same transaction marks the readings' 5-minute buckets for the rollups ({@link Rollups}).
 *
 * <p>Blocking JDBC: call it from a worker thread only.
 */
public final class ReadingWriter {
  /** The raw table's columns in the order {@link CopyBinary} writes them. */
  public static final String COPY_RAW =
      "COPY readings_raw " + CopyBinary.COLUMNS + " FROM STDIN (FORMAT binary)";

  private static final String WATERMARK =
      "SELECT pg_advisory_xact_lock_shared("
          + ReadingPacker.WATERMARK_LOCK
          + "), packed_before FROM reading_packing";
  private static final String CAREFUL_LOCK =
      "SELECT pg_advisory_xact_lock(" + ReadingPacker.PACKING_LOCK + ")";
  private static final String CREATE_STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS readings_stage (ts timestamptz, value double precision,"
          + " series_id integer, quality smallint, source smallint) ON COMMIT DELETE ROWS";
  private static final String COPY_STAGE =
      "COPY readings_stage " + CopyBinary.COLUMNS + " FROM STDIN (FORMAT binary)";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String MERGE =
      "INSERT INTO readings_raw "
          + CopyBinary.COLUMNS
          + " SELECT st.ts, st.value, st.series_id, st.quality, st.source FROM readings_stage st"
          + " WHERE NOT EXISTS (SELECT 1 FROM readings_packed p, unnest(p.offsets, p.micros)"
          + " AS o (ms, us) WHERE p.series_id = st.series_id"
          + " AND p.hour = date_trunc('hour', st.ts, 'UTC')"
          + " AND p.hour + (o.ms * 1000::bigint + coalesce(o.us, 0))"
          + " * interval '1 microsecond' = st.ts)"
          + " ON CONFLICT ON CONSTRAINT readings_raw_key DO NOTHING";
  private static final String PENDING =
      "INSERT INTO pack_pending SELECT DISTINCT series_id, date_trunc('hour', ts, 'UTC')"
          + " FROM readings_stage WHERE ts < (SELECT packed_before FROM reading_packing)"
          + " ON CONFLICT DO NOTHING";

  /**
   * Runs inside each batch's transaction, after the readings are written: the cluster's NOTIFY (ADR
   * 0022), so other nodes hear of exactly the batches that commit.
   */
  @FunctionalInterface
  public interface InCommit {
    InCommit NONE = (c, readings) -> {};

    void run(Connection c, List<Reading> readings) throws SQLException;
  }

  private final Database database;
  private final SeriesKeys keys;
  private final DirtyMarks marks;
  private final InCommit inCommit;

  public ReadingWriter(Database database) {
    this(database, Clock.systemUTC(), InCommit.NONE);
  }

  public ReadingWriter(Database database, InCommit inCommit) {
    this(database, Clock.systemUTC(), inCommit);
  }

  /** The clock tells which rollup marks are recent enough to trust ({@link DirtyMarks}). */
  public ReadingWriter(Database database, Clock clock, InCommit inCommit) {
    this.database = database;
    this.keys = new SeriesKeys(database);
    this.marks = new DirtyMarks(clock);
    this.inCommit = inCommit;
  }

  /**
   * Stores the readings; returns how many were new (the rest were already stored).
   *
   * @throws SQLException when the batch could not be committed; nothing of it is stored then
   */
  public int write(List<Reading> readings) throws SQLException {
    if (readings.isEmpty()) {
      return 0;
    }
    int[] seriesIds = keys.seriesIds(readings);
    byte[] rows = CopyBinary.rows(readings, seriesIds, sourceCodes(readings));
    DirtyMarks.Marks needed = marks.needed(readings, seriesIds);
    Instant oldest = readings.stream().map(Reading::ts).min(Instant::compareTo).orElseThrow();
    int stored;
    try {
      stored =
          database.inTransaction(
              c -> {
                Instant packedBefore = watermark(c);
                if (oldest.isBefore(packedBefore)) {
                  int added = careful(c, rows, needed);
                  inCommit.run(c, readings);
                  return added;
                }
                copy(c, COPY_RAW, rows);
                Rollups.markDirty(c, needed.seriesIds(), needed.bucketStarts());
                inCommit.run(c, readings);
                return readings.size();
              });
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      // The rare redelivery, rolled back above: a second transaction (on whichever pooled
      // connection, the staging table is created where it is missing) that skips what is stored.
      stored =
          database.inTransaction(
              c -> {
                watermark(c);
                int added = careful(c, rows, needed);
                inCommit.run(c, readings);
                return added;
              });
    }
    marks.committed(needed);
    return stored;
  }

  /** The readings as binary COPY rows of the raw table (public for the ingest bench's ceiling). */
  public byte[] encode(List<Reading> readings) throws SQLException {
    return CopyBinary.rows(readings, keys.seriesIds(readings), sourceCodes(readings));
  }

  private short[] sourceCodes(List<Reading> readings) throws SQLException {
    short[] sources = new short[readings.size()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = keys.sourceCode(readings.get(i).source());
    }
    return sources;
  }

  private static Instant watermark(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(WATERMARK)) {
      rs.next();
      // Before the first packing it is -infinity, which the driver gives as OffsetDateTime.MIN.
      return rs.getObject(2, OffsetDateTime.class).toInstant();
    }
  }

  private static int careful(Connection c, byte[] rows, DirtyMarks.Marks needed)
      throws SQLException {
    int added;
    try (Statement s = c.createStatement()) {
      s.execute(CAREFUL_LOCK);
      s.execute(CREATE_STAGE);
      copy(c, COPY_STAGE, rows);
      added = s.executeUpdate(MERGE);
      s.executeUpdate(PENDING);
    }
    Rollups.markDirty(c, needed.seriesIds(), needed.bucketStarts());
    return added;
  }

  private static void copy(Connection c, String sql, byte[] rows) throws SQLException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      copy.writeToCopy(rows, 0, rows.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
