package vn.cantho.ioc.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and schema of the system of record. Opening it migrates the schema, so code
 * that holds a {@code Database} can rely on every table being there.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource dataSource;
  private final StorageMode storageMode;
  private final DatabaseConfig config;

  private Database(HikariDataSource dataSource, StorageMode storageMode, DatabaseConfig config) {
    this.dataSource = dataSource;
    this.storageMode = storageMode;
    this.config = config;
  }

  public static Database open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("ioc-db");
    // Fail fast at start-up but let a running system wait out a short database outage.
    hikari.setInitializationFailTimeout(30_000);
    hikari.setConnectionTimeout(10_000);
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      migrations(dataSource).load().migrate();
      StorageMode mode = detectStorageMode(dataSource);
      LOG.info("Storage path: {}", mode.description());
      return new Database(dataSource, mode, config);
    } catch (RuntimeException | SQLException e) {
      dataSource.close();
      throw new IllegalStateException("database start-up failed: " + e.getMessage(), e);
    }
  }

  /**
   * The kernel's migrations ({@code db/migration}, history {@code flyway_schema_history}) on a data
   * source, as {@link #open} runs them: a restore runs them to an archive's version with it.
   */
  public static FluentConfiguration migrations(DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource);
  }

  private static StorageMode detectStorageMode(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p"
                    + " JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = 'readings_raw')")) {
      rs.next();
      return rs.getBoolean(1) ? StorageMode.NATIVE_PARTITIONS : StorageMode.TIMESCALE_HYPERTABLE;
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public StorageMode storageMode() {
    return storageMode;
  }

  public DatabaseConfig config() {
    return config;
  }

  /**
   * Runs the work in one transaction on a pooled connection: commits when it returns, rolls back
   * when it throws anything, and gives the connection back to the pool in auto-commit mode. The
   * work's own failure is rethrown as it was, a failed rollback added to it as suppressed.
   */
  public <T> T inTransaction(SqlWork<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      Throwable failure = null;
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        failure = e;
        rollback(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c, failure);
      }
    }
  }

  /** {@link #inTransaction} for statements without a result. */
  public void runInTransaction(SqlWork.Statements statements) throws SQLException {
    inTransaction(
        c -> {
          statements.run(c);
          return null;
        });
  }

  private static void rollback(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * The pool would reset it too, but a connection should leave as it came. A failure here only
   * matters when nothing failed before it; otherwise it must not hide the first failure.
   */
  private static void restoreAutoCommit(Connection c, Throwable failure) throws SQLException {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  /** A cheap round trip, for health checks. */
  public boolean ping() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
