package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Writes a batch of readings in one transaction. First straight COPY into {@code readings}: the
 * fastest way in, and all a batch needs unless it repeats a stored reading. COPY cannot skip
 * duplicates, so a batch that hits the unique key (a redelivery after a crash or reconnect) is
 * rolled back and written again through a session-local staging table and one INSERT ... ON
 * CONFLICT DO NOTHING. Redelivery is rare, so the slower path costs little overall (ADR 0002).
 *
 * <p>The same transaction marks the readings' 5-minute buckets for the rollups ({@link Rollups}).
 *
 * <p>Blocking JDBC: call it from a worker thread only.
 */
public final class ReadingWriter {
  private static final String CREATE_STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS readings_stage"
          + " (device_id text, metric text, ts timestamptz, value double precision,"
          + " quality smallint, source text) ON COMMIT DELETE ROWS";
  private static final String COPY_DIRECT =
      "COPY readings " + CopyBinary.COLUMNS + " FROM STDIN (FORMAT binary)";
  private static final String COPY_STAGE =
      "COPY readings_stage " + CopyBinary.COLUMNS + " FROM STDIN (FORMAT binary)";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String MERGE =
      "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
          + " SELECT device_id, metric, ts, value, quality, source FROM readings_stage"
          + " ON CONFLICT ON CONSTRAINT readings_key DO NOTHING";

  private final Database database;

  public ReadingWriter(Database database) {
    this.database = database;
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
    byte[] rows = CopyBinary.rows(readings);
    try {
      return database.inTransaction(
          c -> {
            copy(c, COPY_DIRECT, rows);
            Rollups.markDirty(c, readings);
            return readings.size();
          });
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    // The rare redelivery, rolled back above: a second transaction (on whichever pooled connection,
    // the staging table is created where it is missing) that skips what is already stored.
    return database.inTransaction(
        c -> {
          int added = merge(c, rows);
          Rollups.markDirty(c, readings);
          return added;
        });
  }

  private static int merge(Connection c, byte[] rows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE_STAGE);
      copy(c, COPY_STAGE, rows);
      return s.executeUpdate(MERGE);
    }
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
