package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

@ExtendWith(PostgresExtension.class)
class SeriesStoreTest {
  private static Database database;
  private static ReadingWriter writer;
  private static SeriesStore store;
  // 2026-11-23 05:00 local (UTC+7) = 2026-11-22T22:00Z: the hour before dawn.
  private static final Instant T0 = Instant.parse("2026-11-22T22:00:00Z");

  @BeforeAll
  static void setUp(Database db) {
    database = db;
    new PartitionMaintainer(database).maintain(LocalDate.ofInstant(T0, ZoneOffset.UTC));
    writer = new ReadingWriter(database);
    store = new SeriesStore(database);
  }

  @Test
  void migrationsTookTheNativePartitionPathWithoutTimescale() {
    assertThat(database.storageMode()).isEqualTo(StorageMode.NATIVE_PARTITIONS);
  }

  @Test
  void rawPointsComeBackInOrderPerMetric() throws Exception {
    writer.write(
        List.of(
            reading("wq-raw", "do", T0.plusSeconds(60), 3.1),
            reading("wq-raw", "do", T0, 3.4),
            reading("wq-raw", "ph", T0, 7.6),
            reading("wq-other", "do", T0, 9.9)));
    List<Series> all =
        store.query(new SeriesQuery("wq-raw", null, T0, T0.plusSeconds(3600), null, 100));
    assertThat(all).extracting(Series::metric).containsExactly("do", "ph");
    assertThat(all.get(0).points())
        .containsExactly(new Series.Raw(T0, 3.4), new Series.Raw(T0.plusSeconds(60), 3.1));

    List<Series> onlyPh =
        store.query(new SeriesQuery("wq-raw", "ph", T0, T0.plusSeconds(3600), null, 100));
    assertThat(onlyPh).singleElement().extracting(Series::metric).isEqualTo("ph");
  }

  @Test
  void rawQueryKeepsTheNewestPointsPerMetricAndSaysWhenItCut() throws Exception {
    writer.write(
        List.of(
            reading("wq-cut", "do", T0, 1),
            reading("wq-cut", "do", T0.plusSeconds(1), 2),
            reading("wq-cut", "do", T0.plusSeconds(2), 3)));
    writer.write(List.of(reading("wq-cut", "ph", T0, 7)));
    List<Series> cut =
        store.query(new SeriesQuery("wq-cut", null, T0, T0.plusSeconds(60), null, 2));
    // The newest points are kept, and a busy metric does not crowd out the others.
    assertThat(cut.get(0).points())
        .containsExactly(
            new Series.Raw(T0.plusSeconds(1), 2), new Series.Raw(T0.plusSeconds(2), 3));
    assertThat(cut.get(0).truncated()).isTrue();
    assertThat(cut.get(1).metric()).isEqualTo("ph");
    assertThat(cut.get(1).truncated()).isFalse();
  }

  @Test
  void stepAggregatesAvgMinMaxPerBucketAlignedOnLocalTime() throws Exception {
    // Six readings, ten minutes apart, over an hour: two 30-minute buckets of three.
    for (int i = 0; i < 6; i++) {
      writer.write(
          List.of(reading("tf-agg", "flow", T0.plus(Duration.ofMinutes(10L * i)), 100 * (i + 1))));
    }
    List<Series> series =
        store.query(
            new SeriesQuery(
                "tf-agg", "flow", T0, T0.plus(Duration.ofHours(1)), Duration.ofMinutes(30), 100));
    assertThat(series.get(0).points())
        .containsExactly(
            new Series.Aggregate(T0, 200, 100, 300, 3),
            new Series.Aggregate(T0.plus(Duration.ofMinutes(30)), 500, 400, 600, 3));

    // A daily bucket starts at local midnight (17:00Z the day before), not UTC midnight.
    List<Series> daily =
        store.query(
            new SeriesQuery(
                "tf-agg",
                "flow",
                T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(1)),
                Duration.ofDays(1),
                100));
    assertThat(daily.get(0).points())
        .singleElement()
        .satisfies(p -> assertThat(p.ts()).isEqualTo(Instant.parse("2026-11-22T17:00:00Z")));
  }

  @Test
  void sameReadingTwiceIsStoredOnce() throws Exception {
    Reading r = reading("sl-dup", "power", T0, 80);
    assertThat(writer.write(List.of(r, r))).isEqualTo(1);
    assertThat(writer.write(List.of(r, reading("sl-dup", "power", T0.plusSeconds(60), 81))))
        .isEqualTo(1);
    assertThat(
            store
                .query(new SeriesQuery("sl-dup", "power", T0, T0.plusSeconds(3600), null, 100))
                .get(0)
                .points())
        .hasSize(2);
  }

  @Test
  void redeliveredBatchAddsOnlyTheReadingsNotYetStored() throws Exception {
    List<Reading> first = new java.util.ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      first.add(reading("sl-redeliver", "power", T0.plusSeconds(i), i));
    }
    assertThat(writer.write(first)).isEqualTo(1_000);
    List<Reading> again = new java.util.ArrayList<>(first.subList(500, 1_000));
    again.add(reading("sl-redeliver", "power", T0.plusSeconds(1_000), 1_000));
    assertThat(writer.write(again)).isEqualTo(1);
    try (Connection c = database.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*), count(DISTINCT ts) FROM readings WHERE device_id = 'sl-redeliver'")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1_001);
      assertThat(rs.getLong(2)).isEqualTo(1_001);
    }
  }

  @Test
  void readingsLandInTheirDailyPartition() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    new PartitionMaintainer(database).maintain(LocalDate.ofInstant(now, ZoneOffset.UTC));
    writer.write(List.of(reading("wq-part", "do", now, 5)));
    try (Connection c = database.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT r.tableoid::regclass::text FROM readings_raw r JOIN series s"
                        + " ON s.id = r.series_id WHERE s.device_id = 'wq-part'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1))
          .isEqualTo(
              "readings_raw_p"
                  + LocalDate.ofInstant(now, ZoneOffset.UTC).toString().replace("-", ""));
    }
  }

  private static Reading reading(String device, String metric, Instant ts, double value) {
    return new Reading(device, metric, ts, value, Quality.GOOD, "test");
  }
}
