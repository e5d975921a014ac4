package vn.cantho.ioc.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Daily partitions: insert-triggered vacuums wait until a partition's day is over. */
@ExtendWith(PostgresExtension.class)
class PartitionMaintainerTest {
  private static Database database;

  @BeforeAll
  static void setUp(Database db) {
    database = db;
  }

  @Test
  void todaysAndLaterPartitionsSkipInsertVacuumsUntilTheirDayIsOver() throws Exception {
    LocalDate day = LocalDate.of(2026, 11, 22);
    PartitionMaintainer maintainer = new PartitionMaintainer(database);
    maintainer.maintain(day);
    assertThat(insertVacuumDeferred(day.minusDays(1))).as("yesterday").isFalse();
    assertThat(insertVacuumDeferred(day)).as("today").isTrue();
    assertThat(insertVacuumDeferred(day.plusDays(3))).as("three days ahead").isTrue();

    maintainer.maintain(day.plusDays(1));
    assertThat(insertVacuumDeferred(day)).as("the day after").isFalse();
    assertThat(insertVacuumDeferred(day.plusDays(1))).isTrue();
    maintainer.maintain(day.plusDays(1)); // idempotent
    assertThat(insertVacuumDeferred(day.plusDays(1))).isTrue();
  }

  /** What autovacuum reads: the partition's own storage parameter. */
  private static boolean insertVacuumDeferred(LocalDate day) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce('autovacuum_vacuum_insert_threshold=-1' = ANY (reloptions), false)"
                    + " FROM pg_class WHERE relname = ?")) {
      ps.setString(1, "readings_raw_p" + day.format(DateTimeFormatter.BASIC_ISO_DATE));
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("partition of %s exists", day).isTrue();
        return rs.getBoolean(1);
      }
    }
  }
}
