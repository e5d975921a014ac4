package vn.cantho.ioc.core.store;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Writes a batch of readings in one transaction: COPY into a session-local staging table, then one
 * INSERT ... ON CONFLICT DO NOTHING into {@code readings}. COPY is the fastest way in; the staging
 * step is what makes re-delivered readings harmless (COPY itself cannot skip duplicates).
 *
 * <p>Blocking JDBC: call it from a worker thread only.
 */
public final class ReadingWriter {
  private static final String CREATE_STAGE =
      "CREATE TEMP TABLE IF NOT EXISTS readings_stage"
          + " (device_id text, metric text, ts timestamptz, value double precision,"
          + " quality smallint, source text) ON COMMIT DELETE ROWS";
  private static final String COPY_STAGE =
      "COPY readings_stage (device_id, metric, ts, value, quality, source) FROM STDIN";
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
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(CREATE_STAGE);
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(COPY_STAGE, new StringReader(CopyText.rows(readings)));
        int inserted = s.executeUpdate(MERGE);
        c.commit();
        return inserted;
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e instanceof SQLException sql ? sql : new SQLException("COPY failed", e);
      }
    }
  }
}
