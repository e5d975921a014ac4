package vn.cantho.ioc.core.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/** Work that two nodes must not do at once, such as the start-up's schema and partition work. */
public final class ClusterLocks {
  /** The start-up's key: "IOCSTRT" in ASCII. */
  public static final long STARTUP_KEY = 0x494f4353545254L;

  private ClusterLocks() {}

  /**
   * Runs the work while holding the advisory lock {@code key}, waiting for another node that holds
   * it; blocking, call from a worker or main thread. The lock is a session lock on a pooled
   * connection, released before the connection goes back to the pool.
   */
  public static <T> T exclusively(DataSource data, long key, Callable<T> work) throws Exception {
    try (Connection c = data.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
        ps.setLong(1, key);
        ps.execute();
      }
      try {
        return work.call();
      } finally {
        unlock(c, key);
      }
    }
  }

  private static void unlock(Connection c, long key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      ps.setLong(1, key);
      ps.execute();
    }
  }
}
