package vn.cantho.ioc.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import vn.cantho.ioc.core.store.DatabaseConfig;

/** Plain JDBC connections for backup and restore: one session, no pool, blocking (a CLI). */
final class BackupConnections {
  private BackupConnections() {}

  /**
   * A session whose text output is the same in every database: COPY's text form (used for the few
   * columns binary cannot carry) prints dates, intervals, floats and bytes by these settings.
   */
  static Connection open(DatabaseConfig config, String application) throws SQLException {
    Properties p = new Properties();
    if (config.user() != null) {
      p.setProperty("user", config.user());
    }
    if (config.password() != null) {
      p.setProperty("password", config.password());
    }
    p.setProperty("ApplicationName", application);
    Connection c = DriverManager.getConnection(config.jdbcUrl(), p);
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET DateStyle = 'ISO, YMD'");
      s.execute("SET IntervalStyle = 'postgres'");
      s.execute("SET extra_float_digits = 3");
      s.execute("SET bytea_output = 'hex'");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** The same database for Flyway, which opens connections of its own. */
  static DataSource dataSource(DatabaseConfig config) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(config.jdbcUrl());
    if (config.user() != null) {
      ds.setUser(config.user());
    }
    if (config.password() != null) {
      ds.setPassword(config.password());
    }
    ds.setApplicationName("ioc-restore");
    return ds;
  }
}
