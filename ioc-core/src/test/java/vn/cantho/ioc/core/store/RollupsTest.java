package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The rollups answer exactly what the raw readings would, before and after the job ran, late
 * readings included; aligned steps read the coarsest rollup, so a month of one device at step 1 h
 * is 720 hourly rows.
 */
@ExtendWith(PostgresExtension.class)
class RollupsTest {
  // 2026-10-31 17:00 UTC = 2026-11-01 00:00 in Cần Thơ: a local midnight.
  private static final Instant MONTH = Instant.parse("2026-10-31T17:00:00Z");
  private static Database database;
  private static ReadingWriter writer;
  private static SeriesStore store;
  private static Rollups rollups;

  @BeforeAll
  static void setUp(Database db) {
    database = db;
    for (int day = 0; day <= 31; day++) {
      new PartitionMaintainer(database)
          .maintain(LocalDate.ofInstant(MONTH.plus(Duration.ofDays(day)), ZoneOffset.UTC));
    }
    writer = new ReadingWriter(database);
    store = new SeriesStore(database);
    rollups = new Rollups(database);
  }

  private static String device() {
    return "roll-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** What the raw readings say for each step-wide bucket from {@code from}, computed here. */
  static List<Series.Aggregate> expected(
      List<Reading> readings, Instant from, Duration step, Instant to) {
    List<Series.Aggregate> out = new ArrayList<>();
    // Buckets fall on multiples of the step from local midnight, whatever the range's start.
    long s = step.toSeconds();
    Instant first =
        Instant.ofEpochSecond(Math.floorDiv(from.getEpochSecond() - 61200, s) * s + 61200);
    for (Instant b = first; b.isBefore(to); b = b.plus(step)) {
      Instant start = b;
      Instant end = b.plus(step);
      double[] v =
          readings.stream()
              .filter(
                  r -> !r.ts().isBefore(from) && !r.ts().isBefore(start) && r.ts().isBefore(end))
              .mapToDouble(Reading::value)
              .toArray();
      if (v.length > 0) {
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : v) {
          sum += x;
          min = Math.min(min, x);
          max = Math.max(max, x);
        }
        out.add(new Series.Aggregate(start, sum / v.length, min, max, v.length));
      }
    }
    return out;
  }

  /** Three hours of a probe's oxygen at irregular minutes, from a seed. */
  static List<Reading> threeHoursOf(String device, Instant from, long seed) {
    Random random = new Random(seed);
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 3 * 60; i += 1 + random.nextInt(3)) {
      readings.add(
          new Reading(
              device,
              "do",
              from.plusSeconds(60L * i + random.nextInt(50)),
              4 + random.nextGaussian(),
              Quality.GOOD,
              "test"));
    }
    return readings;
  }

  private static List<Series.Point> query(String device, Instant from, Instant to, Duration step)
      throws Exception {
    List<Series> series = store.query(new SeriesQuery(device, "do", from, to, step, 100_000));
    return series.isEmpty() ? List.of() : series.get(0).points();
  }

  static void assertSame(List<Series.Point> actual, List<Series.Aggregate> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Series.Aggregate a = (Series.Aggregate) actual.get(i);
      Series.Aggregate e = expected.get(i);
      assertThat(a.ts()).isEqualTo(e.ts());
      assertThat(a.count()).isEqualTo(e.count());
      assertThat(a.avg()).isCloseTo(e.avg(), within(1e-9));
      assertThat(a.min()).isEqualTo(e.min());
      assertThat(a.max()).isEqualTo(e.max());
    }
  }

  @Test
  void rollupsAnswerWhatTheRawReadingsSayBeforeAndAfterTheJobAndWithLateReadings()
      throws Exception {
    String device = device();
    Instant from = MONTH.plus(Duration.ofDays(2));
    List<Reading> readings = threeHoursOf(device, from, 19);
    writer.write(readings);
    Instant to = from.plus(Duration.ofHours(3));
    Duration hour = Duration.ofHours(1);
    Duration quarter = Duration.ofMinutes(15);

    // Not rolled up yet: every bucket is dirty and comes from the raw readings.
    assertSame(query(device, from, to, hour), expected(readings, from, hour, to));
    assertThat(SeriesStore.LAST_SOURCE.get()).isEqualTo("readings_1h");
    while (rollups.rollUp(10) > 0) {
      // until nothing is dirty
    }
    assertSame(query(device, from, to, hour), expected(readings, from, hour, to));
    assertSame(query(device, from, to, quarter), expected(readings, from, quarter, to));
    assertThat(SeriesStore.LAST_SOURCE.get()).isEqualTo("readings_5m");

    // A late reading in an hour already rolled up: counted at once, and after the next run.
    Reading late =
        new Reading(device, "do", from.plusSeconds(90 * 60 + 7), 99, Quality.GOOD, "late");
    writer.write(List.of(late));
    readings.add(late);
    assertSame(query(device, from, to, hour), expected(readings, from, hour, to));
    rollups.rollUp(10);
    assertSame(query(device, from, to, hour), expected(readings, from, hour, to));

    // A range not on the rollups' boundaries is aggregated from the raw readings.
    Instant offset = from.plusSeconds(120);
    assertSame(query(device, offset, to, quarter), expected(readings, offset, quarter, to));
    assertThat(SeriesStore.LAST_SOURCE.get()).isEqualTo("readings");
  }

  @Test
  void aMonthOfOneDeviceAtStepOneHourIsSevenHundredTwentyHourlyRows() throws Exception {
    String device = device();
    List<Reading> batch = new ArrayList<>();
    for (int minute = 0; minute < 30 * 24 * 60; minute++) {
      batch.add(
          new Reading(
              device, "do", MONTH.plusSeconds(60L * minute), 5 + minute % 7, Quality.GOOD, "test"));
      if (batch.size() == 5_000) {
        writer.write(batch);
        batch = new ArrayList<>();
      }
    }
    writer.write(batch);
    while (rollups.rollUp(10) > 0) {
      // until nothing is dirty
    }
    List<Series.Point> month =
        query(device, MONTH, MONTH.plus(Duration.ofDays(30)), Duration.ofHours(1));
    assertThat(month).hasSize(720);
    assertThat(SeriesStore.LAST_SOURCE.get()).isEqualTo("readings_1h");
    assertThat(((Series.Aggregate) month.get(0)).count()).isEqualTo(60);
    try (var c = database.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT count(*) FROM readings_1h WHERE device_id = ?")) {
      ps.setString(1, device);
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getLong(1)).as("hourly rows kept for the month").isEqualTo(720);
      }
    }
  }
}
