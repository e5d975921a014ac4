package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the native-partition path healthy: daily partitions exist a few days ahead (so new readings
 * never land in the default partition) and partitions past the retention window are dropped. Does
 * nothing on TimescaleDB, which manages its own chunks.
 */
public final class PartitionMaintainer {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintainer.class);
  private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;
  private static final int DAYS_AHEAD = 3;

  /** The storage parameter that turns off insert-triggered autovacuum for one table. */
  private static final String DEFER_INSERT_VACUUM = "autovacuum_vacuum_insert_threshold=-1";

  private final Database database;

  public PartitionMaintainer(Database database) {
    this.database = database;
  }

  /** Blocking JDBC: run it on a worker thread. */
  public void maintain(LocalDate todayUtc) {
    if (database.storageMode() != StorageMode.NATIVE_PARTITIONS) {
      return;
    }
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // Creating or dropping a partition waits for every transaction on the table, and writes
      // queue behind it meanwhile: a long backup's snapshot must not stall ingest. Give up and
      // retry next hour instead (partitions are made days ahead).
      s.execute("SET lock_timeout = '5s'");
      try {
        for (int d = -1; d <= DAYS_AHEAD; d++) {
          createIfMissing(s, todayUtc.plusDays(d));
        }
        List<Partition> partitions = partitions(s);
        deferInsertVacuum(s, partitions, todayUtc);
        dropOlderThan(s, partitions, todayUtc.minusDays(database.config().retentionDays()));
      } finally {
        s.execute("RESET lock_timeout"); // the connection goes back to the pool
      }
    } catch (SQLException e) {
      LOG.warn("Partition maintenance failed, will retry: {}", e.getMessage());
    }
  }

  private static void createIfMissing(Statement s, LocalDate day) {
    String sql =
        ("CREATE TABLE IF NOT EXISTS readings_raw_p%s PARTITION OF readings_raw"
                + " FOR VALUES FROM ('%s') TO ('%s')")
            .formatted(day.format(SUFFIX), utcMidnight(day), utcMidnight(day.plusDays(1)));
    try {
      s.execute(sql);
    } catch (SQLException e) {
      // Happens when the default partition already holds rows of that day; they stay there.
      LOG.warn("Could not create partition for {}: {}", day, e.getMessage());
    }
  }

  /** A daily partition, its day and whether it skips insert-triggered vacuums. */
  private record Partition(String name, LocalDate day, boolean insertVacuumDeferred) {}

  private static List<Partition> partitions(Statement s) throws SQLException {
    List<Partition> all = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT c.relname, coalesce('"
                + DEFER_INSERT_VACUUM
                + "' = ANY (c.reloptions), false) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid"
                + " JOIN pg_class p ON p.oid = i.inhparent"
                + " WHERE p.relname = 'readings_raw' AND c.relname ~ '^readings_raw_p[0-9]{8}$'")) {
      while (rs.next()) {
        String name = rs.getString(1);
        LocalDate day = LocalDate.parse(name.substring("readings_raw_p".length()), SUFFIX);
        all.add(new Partition(name, day, rs.getBoolean(2)));
      }
    }
    return all;
  }

  /**
   * Today's partition takes nearly every insert. PostgreSQL vacuums a table after each 20 % more
   * rows inserted: at a city's rates (tens of thousands of readings a second) that is every minute,
   * each time scanning the new pages, and the benchmark saw commits stall for seconds meanwhile
   * (docs/BENCHMARKS.md). Those vacuums only mark pages all-visible, which readings of a day still
   * being written gain little from; so today's and later partitions skip them, and once a day is
   * over the setting goes and autovacuum does that day once. Vacuums for dead rows and against
   * transaction-id wraparound are unaffected. The names come from the catalog.
   */
  private static void deferInsertVacuum(Statement s, List<Partition> partitions, LocalDate todayUtc)
      throws SQLException {
    for (Partition p : partitions) {
      boolean defer = !p.day().isBefore(todayUtc);
      if (defer && !p.insertVacuumDeferred()) {
        s.execute("ALTER TABLE " + p.name() + " SET (" + DEFER_INSERT_VACUUM + ")");
      } else if (!defer && p.insertVacuumDeferred()) {
        s.execute("ALTER TABLE " + p.name() + " RESET (autovacuum_vacuum_insert_threshold)");
      }
    }
  }

  private static void dropOlderThan(Statement s, List<Partition> partitions, LocalDate oldestKept)
      throws SQLException {
    List<String> old =
        partitions.stream().filter(p -> p.day().isBefore(oldestKept)).map(Partition::name).toList();
    for (String name : old) {
      // The name comes from the catalog and matched the strict pattern above.
      s.execute("DROP TABLE IF EXISTS " + name);
      LOG.info("Dropped partition {} (retention)", name);
    }
    // Packed hours (ReadingPacker) follow the same retention.
    int packed =
        s.executeUpdate(
            "DELETE FROM readings_packed WHERE hour < '" + utcMidnight(oldestKept) + "'");
    if (packed > 0) {
      LOG.info("Dropped {} packed hours before {} (retention)", packed, oldestKept);
    }
  }

  private static String utcMidnight(LocalDate day) {
    return day.atStartOfDay().atOffset(ZoneOffset.UTC).toString();
  }
}
