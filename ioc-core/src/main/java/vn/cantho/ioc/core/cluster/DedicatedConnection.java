package vn.cantho.ioc.core.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * A connection outside the pool, for a session that must live as long as the node does (the
 * leader's advisory lock, LISTEN). The pool would recycle it, and with it the lock or the
 * subscription.
 */
final class DedicatedConnection {
  /**
   * The server drops the session of a client it no longer hears within about 25 s (10 s idle, then
   * 3 probes 5 s apart; {@code tcp_user_timeout} for unacknowledged data), so a node cut off by the
   * network loses its lock in bounded time instead of the kernel's default two hours.
   */
  private static final String[] KEEPALIVE = {
    "SET tcp_keepalives_idle = 10",
    "SET tcp_keepalives_interval = 5",
    "SET tcp_keepalives_count = 3",
    "SET tcp_user_timeout = 25000"
  };

  private DedicatedConnection() {}

  static Connection open(DatabaseConfig config, String applicationName) throws SQLException {
    Properties p = new Properties();
    if (config.user() != null) {
      p.setProperty("user", config.user());
    }
    if (config.password() != null) {
      p.setProperty("password", config.password());
    }
    p.setProperty("ApplicationName", applicationName);
    p.setProperty("tcpKeepAlive", "true");
    // A query on this session never takes long: one that hangs means the server is gone.
    p.setProperty("socketTimeout", "15");
    p.setProperty("connectTimeout", "10");
    Connection c = DriverManager.getConnection(config.jdbcUrl(), p);
    try (Statement s = c.createStatement()) {
      for (String set : KEEPALIVE) {
        s.execute(set);
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
