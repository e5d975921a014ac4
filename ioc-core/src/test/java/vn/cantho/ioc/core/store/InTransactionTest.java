package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Database#inTransaction} on a pool of its own, two connections (the fewest Flyway needs): a
 * connection it failed to give back shows as active, and what a failed transaction wrote must not
 * be there.
 */
@ExtendWith(PostgresExtension.class)
class InTransactionTest {
  private static Database database;

  @BeforeAll
  static void openPoolOfTwo(DatabaseConfig shared) throws SQLException {
    database =
        Database.open(
            new DatabaseConfig(
                shared.jdbcUrl(), shared.user(), shared.password(), 2, shared.retentionDays()));
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS tx_probe (name text PRIMARY KEY)");
    }
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM tx_probe");
    }
  }

  @Test
  void commitsWhenTheWorkReturnsAndHandsBackItsResult() throws SQLException {
    String result =
        database.inTransaction(
            c -> {
              insert(c, "a");
              insert(c, "b");
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(names()).containsExactly("a", "b");
    assertConnectionBackInAutoCommit();
  }

  @Test
  void rollsBackOnSqlExceptionAndRethrowsIt() throws SQLException {
    // The second insert breaks the primary key after the first one was written.
    assertThatThrownBy(
            () ->
                database.runInTransaction(
                    c -> {
                      insert(c, "x");
                      insert(c, "x");
                    }))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("23505");

    assertThat(names()).isEmpty();
    assertConnectionBackInAutoCommit();
  }

  static Stream<Throwable> uncheckedFailures() {
    return Stream.of(
        new IllegalStateException("the work gave up"),
        new AssertionError("an error, not an exception"));
  }

  @ParameterizedTest
  @MethodSource("uncheckedFailures")
  void rollsBackOnAnUncheckedFailureAndRethrowsTheSameOne(Throwable thrown) throws SQLException {
    assertThatThrownBy(
            () ->
                database.runInTransaction(
                    c -> {
                      insert(c, "y");
                      if (thrown instanceof Error error) {
                        throw error;
                      }
                      throw (RuntimeException) thrown;
                    }))
        .isSameAs(thrown)
        .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());

    assertThat(names()).isEmpty();
    assertConnectionBackInAutoCommit();
  }

  @Test
  void aFailedRollbackIsAddedToTheOriginalFailure() throws SQLException {
    IllegalStateException thrown = new IllegalStateException("first failure");

    // Closing the physical connection makes the rollback fail; the pool then drops it.
    assertThatThrownBy(
            () ->
                database.runInTransaction(
                    c -> {
                      insert(c, "w");
                      c.unwrap(Connection.class).close();
                      throw thrown;
                    }))
        .isSameAs(thrown)
        .satisfies(e -> assertThat(e.getSuppressed()).isNotEmpty());

    assertThat(names()).isEmpty();
  }

  private static void insert(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tx_probe (name) VALUES (?)")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
  }

  private static List<String> names() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM tx_probe ORDER BY name")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }

  /** No connection is still out, and the next one comes in auto-commit mode. */
  private static void assertConnectionBackInAutoCommit() throws SQLException {
    HikariDataSource pool = (HikariDataSource) database.dataSource();
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    try (Connection c = pool.getConnection()) {
      assertThat(c.unwrap(Connection.class).getAutoCommit()).isTrue();
    }
  }
}
