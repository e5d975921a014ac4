package vn.cantho.ioc.sharing.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import vn.cantho.ioc.core.export.EventSource;
import vn.cantho.ioc.core.export.ExportDataset;
import vn.cantho.ioc.core.export.ShareEvent;
import vn.cantho.ioc.core.store.Database;

/**
 * Copies each dataset's change log into the feed ({@code sharing_events}) and, in the same
 * transaction, one outbox row per webhook that hears it; the dataset's watermark moves in that
 * transaction too, so a crash repeats a stretch at worst and the unique (dataset, source id) makes
 * the repeat a no-op. The logs are read after the transactions that wrote them committed, so
 * nothing a feature writes waits on sharing.
 *
 * <p>Ids of a {@code bigserial} are taken before commit: id 11 may be visible while 10 is still
 * being written. The tail stops before such a hole and passes it only once it has stayed open for
 * {@code gapWait} (a rolled-back transaction's id never fills in).
 */
public final class EventTail {
  static final int BATCH = 500;

  private final Database database;
  private final Supplier<List<ExportDataset>> datasets;
  private final Duration gapWait;
  private final Clock clock;

  /**
   * Per dataset: the first missing id seen, and when (monotonic: commit latency, not data time).
   */
  private final Map<String, long[]> holes = new HashMap<>();

  public EventTail(
      Database database, Supplier<List<ExportDataset>> datasets, Duration gapWait, Clock clock) {
    this.database = database;
    this.datasets = datasets;
    this.gapWait = gapWait;
    this.clock = clock;
  }

  /** One pass over every dataset with a log; returns how many events it recorded. */
  public synchronized int poll() throws Exception {
    int recorded = 0;
    for (ExportDataset d : datasets.get()) {
      EventSource source = d.events();
      if (source != null) {
        recorded += tail(d.name(), source);
      }
    }
    return recorded;
  }

  private int tail(String dataset, EventSource source) throws Exception {
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        long last = watermark(c, dataset);
        List<ShareEvent> read = source.after(last, BATCH);
        List<ShareEvent> taken = upToHole(dataset, last, read);
        Instant now = clock.instant();
        for (ShareEvent e : taken) {
          record(c, dataset, e, now);
        }
        if (!taken.isEmpty()) {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE sharing_tails SET last_source_id = ? WHERE dataset = ?")) {
            ps.setLong(1, taken.get(taken.size() - 1).sourceId());
            ps.setString(2, dataset);
            ps.executeUpdate();
          }
        }
        c.commit();
        return taken.size();
      } catch (Exception | Error e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * The dataset's watermark, its row locked until commit (two nodes never tail one stretch). The
   * advisory lock first makes every tail transaction of every node take its turn, so the feed's own
   * ids commit in order and a pull cursor never steps over an event still being written.
   */
  private static long watermark(Connection c, String dataset) throws SQLException {
    try (PreparedStatement turn =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('sharing_events'))")) {
      turn.execute();
    }
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO sharing_tails (dataset, last_source_id) VALUES (?, 0)"
                    + " ON CONFLICT DO NOTHING");
        PreparedStatement select =
            c.prepareStatement(
                "SELECT last_source_id FROM sharing_tails WHERE dataset = ? FOR UPDATE")) {
      insert.setString(1, dataset);
      insert.executeUpdate();
      select.setString(1, dataset);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The events before the first hole that has not yet waited out {@code gapWait}. */
  private List<ShareEvent> upToHole(String dataset, long last, List<ShareEvent> read) {
    List<ShareEvent> taken = new ArrayList<>();
    long expected = last + 1;
    long nowNanos = System.nanoTime();
    for (ShareEvent e : read) {
      if (e.sourceId() != expected && last > 0 && !gapWait.isZero()) {
        long[] hole = holes.get(dataset);
        if (hole == null || hole[0] != expected) {
          holes.put(dataset, new long[] {expected, nowNanos});
          break;
        }
        if (nowNanos - hole[1] < gapWait.toNanos()) {
          break;
        }
      }
      taken.add(e);
      expected = e.sourceId() + 1;
      last = e.sourceId();
    }
    if (!taken.isEmpty()) {
      holes.remove(dataset);
    }
    return taken;
  }

  private static void record(Connection c, String dataset, ShareEvent e, Instant now)
      throws SQLException {
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sharing_events (dataset, source_id, type, at, zone_id, owner, data)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dataset, source_id) DO NOTHING"
                + " RETURNING id")) {
      ps.setString(1, dataset);
      ps.setLong(2, e.sourceId());
      ps.setString(3, e.type());
      ps.setTimestamp(4, Timestamp.from(e.at()));
      ps.setString(5, e.zoneId());
      ps.setString(6, e.owner());
      ps.setString(7, e.data().encode());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return; // recorded by an earlier pass that did not get to move the watermark
        }
        id = rs.getLong(1);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO sharing_deliveries (webhook_id, event_id, next_attempt_at)"
                + " SELECT id, ?, ? FROM sharing_webhooks WHERE active AND ? = ANY(datasets)"
                + " AND (zones IS NULL OR ? = ANY(zones))")) {
      ps.setLong(1, id);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, dataset);
      ps.setString(4, e.zoneId());
      ps.executeUpdate();
    }
  }
}
