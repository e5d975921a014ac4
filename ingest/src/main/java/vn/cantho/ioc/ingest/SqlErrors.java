package vn.cantho.ioc.ingest;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a database outage (retry the batch until it commits) from a batch the database will never
 * accept (find and quarantine the item that breaks it). Retrying the second kind forever would stop
 * all ingestion behind one bad item.
 */
final class SqlErrors {
  /**
   * SQLSTATE classes that pass: connection (08), transaction rollback (40), insufficient resources
   * (53), operator intervention such as a shutdown (57), system error (58), internal (XX).
   */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58", "XX");

  private SqlErrors() {}

  static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    // The driver reports I/O failures (and a pool that cannot connect) without a state.
    return state == null || state.length() < 2 || TRANSIENT_CLASSES.contains(state.substring(0, 2));
  }
}
