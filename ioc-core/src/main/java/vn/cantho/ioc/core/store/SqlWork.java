package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Statements run on one connection inside a transaction ({@link Database#inTransaction}). The
 * connection belongs to the transaction: do not commit, roll back, close it or keep it.
 */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection c) throws SQLException;

  /** {@link SqlWork} without a result ({@link Database#runInTransaction}). */
  @FunctionalInterface
  interface Statements {
    void run(Connection c) throws SQLException;
  }
}
