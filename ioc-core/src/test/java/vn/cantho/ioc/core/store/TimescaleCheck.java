package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The TimescaleDB path of the schema, on a real TimescaleDB: a hypertable with native compression
 * instead of partitions and packing, continuous aggregates instead of the rollup job (V20, V23).
 *
 * <p>Not part of {@code mvn verify}: TimescaleDB cannot be installed from this project's registries
 * (docs/storage.md tells how it was checked). Run by hand against a server with the extension
 * preloaded, as a superuser that may create databases; it fails, not skips, without one:
 *
 * <pre>
 * mvn -pl ioc-core -am test -Dtest=TimescaleCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dioc.timescale.url=jdbc:postgresql://127.0.0.1:5432/postgres -Dioc.timescale.user=postgres \
 *     -Dioc.timescale.password=...
 * </pre>
 */
class TimescaleCheck {
  private static final String URL = System.getProperty("ioc.timescale.url");
  private static final String USER = System.getProperty("ioc.timescale.user", "postgres");
  private static final String PASSWORD = System.getProperty("ioc.timescale.password", "");
  private static final String NAME =
      "ioc_check_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

  private static Database database;

  @BeforeAll
  static void freshDatabaseWithTheExtension() throws SQLException {
    assertThat(URL).as("-Dioc.timescale.url (a TimescaleDB server)").isNotNull();
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + NAME);
    }
    String url = URL.replaceFirst("/[^/?]*(\\?|$)", "/" + NAME + "$1");
    try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION timescaledb");
    }
    database = Database.open(new DatabaseConfig(url, USER, PASSWORD, 4, 3650));
  }

  @AfterAll
  static void dropIt() throws SQLException {
    if (database != null) {
      database.close();
    }
    if (URL != null) {
      try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
      }
    }
  }

  @Test
  void theMigrationsTookTheTimescalePath() throws SQLException {
    assertThat(database.storageMode()).isEqualTo(StorageMode.TIMESCALE_HYPERTABLE);
    assertThat(strings("SELECT hypertable_name FROM timescaledb_information.hypertables"))
        .contains("readings_raw");
    assertThat(
            strings(
                "SELECT view_name || ' ' || materialized_only"
                    + " FROM timescaledb_information.continuous_aggregates ORDER BY 1"))
        .containsExactly("readings_1h_agg false", "readings_5m_agg false");
    assertThat(strings("SELECT proc_name FROM timescaledb_information.jobs ORDER BY 1"))
        .contains("policy_compression", "policy_refresh_continuous_aggregate");
  }

  @Test
  void theAggregatesAnswerWhatTheRawReadingsSayLateAndCompressedReadingsIncluded()
      throws Exception {
    String device = "ts-" + UUID.randomUUID().toString().substring(0, 8);
    // Three whole local hours, ten days back: old enough to compress, on the rollups' boundaries.
    Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(10));
    Instant to = from.plus(Duration.ofHours(3));
    List<Reading> readings = RollupsTest.threeHoursOf(device, from, 23);
    ReadingWriter writer = new ReadingWriter(database);
    writer.write(readings);
    assertThat(writer.write(readings)).as("a redelivered batch adds nothing").isZero();
    SeriesStore store = new SeriesStore(database);
    Duration hour = Duration.ofHours(1);
    Duration quarter = Duration.ofMinutes(15);

    // Nothing materialised yet: the dirty marks send readers to the raw readings.
    RollupsTest.assertSame(
        query(store, device, from, to, hour), RollupsTest.expected(readings, from, hour, to));
    assertThat(SeriesStore.LAST_SOURCE.get()).isEqualTo("readings_1h");

    // The rollup job only ages out marks here; the aggregates come from TimescaleDB's refresh.
    new Rollups(database).rollUp(10);
    assertThat(count("SELECT count(*) FROM rollup_dirty")).isZero();
    refresh();
    RollupsTest.assertSame(
        query(store, device, from, to, hour), RollupsTest.expected(readings, from, hour, to));
    RollupsTest.assertSame(
        query(store, device, from, to, quarter), RollupsTest.expected(readings, from, quarter, to));
    assertThat(SeriesStore.LAST_SOURCE.get()).isEqualTo("readings_5m");
    assertThat(count("SELECT count(*) FROM readings_1h_agg")).isEqualTo(3);

    // Compressed, then a late reading into the compressed chunk, through the ingest writer and
    // through a plain INSERT into the view: both stored once, both in the aggregates after the
    // refresh.
    assertThat(
            count(
                "SELECT count(compress_chunk(c)) FROM show_chunks('readings_raw',"
                    + " older_than => interval '2 days') c"))
        .isPositive();
    Reading late =
        new Reading(device, "do", from.plusSeconds(90 * 60 + 7), 99, Quality.GOOD, "late");
    assertThat(writer.write(List.of(late))).isEqualTo(1);
    assertThat(writer.write(List.of(late))).isZero();
    readings.add(late);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO readings (device_id, metric, ts, value, quality, source) VALUES ('"
              + device
              + "', 'do', '"
              + from.plusSeconds(150 * 60 + 3)
              + "', -1, 0, 'sql')");
    }
    readings.add(
        new Reading(device, "do", from.plusSeconds(150 * 60 + 3), -1, Quality.GOOD, "sql"));
    refresh();
    RollupsTest.assertSame(
        query(store, device, from, to, hour), RollupsTest.expected(readings, from, hour, to));
    assertThat(
            count(
                "SELECT count(*) FROM readings_in('"
                    + from
                    + "', '"
                    + to
                    + "') WHERE device_id = '"
                    + device
                    + "'"))
        .isEqualTo(readings.size());
  }

  private static List<Series.Point> query(
      SeriesStore store, String device, Instant from, Instant to, Duration step) throws Exception {
    List<Series> series = store.query(new SeriesQuery(device, "do", from, to, step, 100_000));
    return series.isEmpty() ? List.of() : series.get(0).points();
  }

  /** What the policies do on their schedule, now: a procedure, so outside a transaction. */
  private static void refresh() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CALL refresh_continuous_aggregate('readings_5m_agg', NULL, NULL)");
      s.execute("CALL refresh_continuous_aggregate('readings_1h_agg', NULL, NULL)");
    }
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
