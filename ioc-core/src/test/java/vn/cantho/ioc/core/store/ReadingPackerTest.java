package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Packed readings read back exactly as they were stored, through the readings API and SQL alike; a
 * reading repeated after packing is still stored once; a late one joins its packed hour.
 *
 * <p>The database is shared with the other store tests, so this one works in January 2001, long
 * before their data, and packs only up to there.
 */
@ExtendWith(PostgresExtension.class)
class ReadingPackerTest {
  private static final Instant T0 = Instant.parse("2001-01-01T00:00:00Z");
  private static final Instant PACK_UP_TO = Instant.parse("2001-01-01T03:00:00Z");
  private static Database database;
  private static ReadingWriter writer;
  private static ReadingPacker packer;

  @BeforeAll
  static void setUp(Database db) {
    database = db;
    writer = new ReadingWriter(database);
    packer = new ReadingPacker(database, Clock.fixed(T0.plus(Duration.ofDays(3)), ZoneOffset.UTC));
  }

  private static String device() {
    return "pack-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Three hours of a reading every 7 s, with sub-millisecond instants, a few doubtful values and
   * two ingest paths: everything a packed row must keep.
   */
  private static List<Reading> threeHours(String device) {
    List<Reading> out = new ArrayList<>();
    for (int i = 0; i < 3 * 3600 / 7; i++) {
      Instant ts = T0.plusSeconds(7L * i).plusNanos(i % 5 == 0 ? 123_000 : 0);
      Quality q = i % 50 == 0 ? Quality.UNCERTAIN : Quality.GOOD;
      out.add(new Reading(device, "do", ts, 4 + Math.sin(i) * 1.5, q, i < 700 ? "mqtt" : "http"));
    }
    return out;
  }

  /** Every reading of the device, raw or packed, as text rows in time order. */
  private static List<String> stored(String device) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT metric, ts, value, quality, source FROM readings_all"
                    + " WHERE device_id = ? ORDER BY metric, ts")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              rs.getString(1)
                  + " "
                  + rs.getTimestamp(2).toInstant()
                  + " "
                  + rs.getDouble(3)
                  + " "
                  + rs.getShort(4)
                  + " "
                  + rs.getString(5));
        }
      }
    }
    return rows;
  }

  private static List<String> expected(List<Reading> readings) {
    return readings.stream()
        .sorted(java.util.Comparator.comparing(Reading::metric).thenComparing(Reading::ts))
        .map(
            r ->
                r.metric()
                    + " "
                    + r.ts()
                    + " "
                    + r.value()
                    + " "
                    + r.quality().ordinal()
                    + " "
                    + r.source())
        .toList();
  }

  private static long count(String sql, String device) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long raw(String device) throws SQLException {
    return count("SELECT count(*) FROM readings WHERE device_id = ?", device);
  }

  private static long packedHours(String device) throws SQLException {
    return count(
        "SELECT count(*) FROM readings_packed p JOIN series s ON s.id = p.series_id"
            + " WHERE s.device_id = ?",
        device);
  }

  @Test
  void packedReadingsReadBackExactlyThroughSqlAndTheReadingsApi() throws Exception {
    String device = device();
    List<Reading> readings = threeHours(device);
    writer.write(readings);
    SeriesStore store = new SeriesStore(database);
    SeriesQuery rawQuery = new SeriesQuery(device, "do", T0, PACK_UP_TO, null, 10_000);
    SeriesQuery minutes =
        new SeriesQuery(
            device, "do", T0.plusSeconds(1), PACK_UP_TO, Duration.ofMinutes(10), 10_000);
    List<Series> rawBefore = store.query(rawQuery);
    List<Series> aggregateBefore = store.query(minutes);

    packer.packBefore(PACK_UP_TO);

    assertThat(raw(device)).isZero();
    assertThat(packedHours(device)).isEqualTo(3);
    assertThat(stored(device)).isEqualTo(expected(readings));
    assertThat(store.query(rawQuery)).isEqualTo(rawBefore);
    assertThat(store.query(minutes)).isEqualTo(aggregateBefore);
  }

  @Test
  void aRepeatedReadingIsStoredOnceAndALateOneJoinsItsPackedHour() throws Exception {
    String device = device();
    List<Reading> readings = threeHours(device);
    writer.write(readings);
    packer.packBefore(PACK_UP_TO);

    // A redelivered batch: nothing new, and nothing lands raw beside its packed copy.
    assertThat(writer.write(readings.subList(100, 200))).isZero();
    assertThat(raw(device)).isZero();

    // A late reading of a packed hour, between two stored ones: stored raw, then merged.
    Reading late = new Reading(device, "do", T0.plusSeconds(3), 9.5, Quality.GOOD, "http");
    assertThat(writer.write(List.of(late))).isEqualTo(1);
    List<Reading> all = new ArrayList<>(readings);
    all.add(late);
    assertThat(stored(device)).isEqualTo(expected(all));

    packer.packBefore(PACK_UP_TO);
    assertThat(raw(device)).isZero();
    assertThat(packedHours(device)).isEqualTo(3);
    assertThat(stored(device)).isEqualTo(expected(all));
    // And once more after the merge: still once.
    assertThat(writer.write(List.of(late))).isZero();
    assertThat(stored(device)).isEqualTo(expected(all));
  }

  @Test
  void aPlainInsertIntoReadingsSkipsWhatIsPackedAndStoresWhatIsNew() throws Exception {
    String device = device();
    List<Reading> readings = threeHours(device);
    writer.write(readings);
    packer.packBefore(PACK_UP_TO);
    Reading first = readings.get(0);
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
                    + " VALUES (?, 'do', ?, ?, 0, 'manual') ON CONFLICT DO NOTHING")) {
      ps.setString(1, device);
      ps.setTimestamp(2, Timestamp.from(first.ts()));
      ps.setDouble(3, 99);
      assertThat(ps.executeUpdate()).isZero();
      ps.setTimestamp(2, Timestamp.from(first.ts().plusMillis(1)));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(stored(device))
        .hasSize(readings.size() + 1)
        .doesNotContain("do " + first.ts() + " 99.0 0 manual");
    packer.packBefore(PACK_UP_TO);
    assertThat(raw(device)).isZero();
    assertThat(stored(device)).hasSize(readings.size() + 1);
  }

  @Test
  void packingOldGoesTwoDaysBehindTheDataNotPast() throws Exception {
    String device = device();
    writer.write(threeHours(device));
    // The data's clock reaches two days and four hours past T0 (other store tests' data, later
    // still, count as well); the fixed clock is three days past T0. Two days behind the earlier
    // of the two, the first three hours are old enough.
    writer.write(
        List.of(
            new Reading(
                device(),
                "do",
                T0.plus(Duration.ofDays(2)).plusSeconds(4 * 3600),
                1,
                Quality.GOOD,
                "mqtt")));
    new Rollups(database).rollUp(100);
    assertThat(packer.packOld()).isPositive();
    assertThat(raw(device)).isZero();
    assertThat(packedHours(device)).isEqualTo(3);
  }

  @Test
  void aLateReadingInAPackedHourIsRolledUpWithThePackedReadingsOfItsBucket() throws Exception {
    String device = device();
    List<Reading> readings = new ArrayList<>(threeHours(device));
    writer.write(readings);
    Rollups rollups = new Rollups(database);
    while (rollups.rollUp(100) > 0) {
      // until nothing is dirty
    }
    packer.packBefore(PACK_UP_TO);
    assertThat(raw(device)).isZero();

    Instant bucket = T0.plus(Duration.ofMinutes(90));
    Reading late = new Reading(device, "do", bucket.plusSeconds(3), 99, Quality.GOOD, "late");
    writer.write(List.of(late));
    readings.add(late);
    while (rollups.rollUp(100) > 0) {
      // the late reading's bucket, rewritten whole
    }

    double[] values =
        readings.stream()
            .filter(r -> !r.ts().isBefore(bucket) && r.ts().isBefore(bucket.plusSeconds(300)))
            .mapToDouble(Reading::value)
            .toArray();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT n, total, low, high FROM readings_5m"
                    + " WHERE device_id = ? AND metric = 'do' AND bucket = ?")) {
      ps.setString(1, device);
      ps.setTimestamp(2, Timestamp.from(bucket));
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(values.length);
        assertThat(rs.getDouble(2)).isCloseTo(Arrays.stream(values).sum(), within(1e-9));
        assertThat(rs.getDouble(3)).isEqualTo(Arrays.stream(values).min().orElseThrow());
        assertThat(rs.getDouble(4)).isEqualTo(99);
      }
    }
  }
}
