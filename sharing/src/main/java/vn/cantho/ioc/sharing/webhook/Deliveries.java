package vn.cantho.ioc.sharing.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.Page;
import vn.cantho.ioc.sharing.feed.EventLog;
import vn.cantho.ioc.sharing.feed.FeedEvent;

/**
 * The webhook outbox, as the notification outbox ({@code core.notify.Outbox}, ADR 0010): claimed
 * with {@code FOR UPDATE SKIP LOCKED} so two nodes never send one row, every attempt one
 * transaction that moves the row and appends to the attempt log, rows left {@code sending} by a
 * crash put back at start. Times are the node's clock, so retries follow it.
 */
public final class Deliveries {
  private final Database database;

  public Deliveries(Database database) {
    this.database = database;
  }

  /** A claimed row: where to, signed with what, carrying which event. */
  public record Claimed(long id, int attempt, String url, String sealedSecret, FeedEvent event) {}

  /** A row as the admin route shows it. */
  public record Status(
      long id,
      long eventId,
      String type,
      String state,
      int attempts,
      Instant nextAttemptAt,
      String lastDetail,
      Instant deliveredAt) {}

  public int recoverInterrupted() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE sharing_deliveries SET state = 'pending' WHERE state = 'sending'")) {
      return ps.executeUpdate();
    }
  }

  public List<Claimed> claimDue(int max, Instant now) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "WITH claimed AS (UPDATE sharing_deliveries SET state = 'sending',"
                    + " attempts = attempts + 1 WHERE id IN (SELECT id FROM sharing_deliveries"
                    + " WHERE state = 'pending' AND next_attempt_at <= ?"
                    + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
                    + " RETURNING id, webhook_id, event_id, attempts)"
                    + " SELECT c.id AS delivery, c.attempts, w.url, w.secret_box, e.id, e.dataset,"
                    + " e.type, e.at, e.zone_id, e.owner, e.data FROM claimed c"
                    + " JOIN sharing_webhooks w ON w.id = c.webhook_id"
                    + " JOIN sharing_events e ON e.id = c.event_id ORDER BY c.id")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setInt(2, max);
      try (ResultSet rs = ps.executeQuery()) {
        List<Claimed> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Claimed(
                  rs.getLong("delivery"),
                  rs.getInt("attempts"),
                  rs.getString("url"),
                  rs.getString("secret_box"),
                  EventLog.read(rs)));
        }
        return out;
      }
    }
  }

  public void delivered(long id, String detail, int elapsedMs, Instant now) throws SQLException {
    record(
        id,
        "UPDATE sharing_deliveries SET state = 'delivered', delivered_at = ?, last_detail = ?"
            + " WHERE id = ?",
        now,
        "delivered",
        detail,
        elapsedMs,
        now);
  }

  public void retryAt(long id, Instant next, String detail, int elapsedMs, Instant now)
      throws SQLException {
    record(
        id,
        "UPDATE sharing_deliveries SET state = 'pending', next_attempt_at = ?, last_detail = ?"
            + " WHERE id = ?",
        next,
        "retry",
        detail,
        elapsedMs,
        now);
  }

  public void failed(long id, String reason, int elapsedMs, Instant now) throws SQLException {
    record(
        id,
        "UPDATE sharing_deliveries SET state = 'failed', last_detail = ? WHERE id = ?",
        null,
        "failed",
        reason,
        elapsedMs,
        now);
  }

  private void record(
      long id,
      String update,
      Instant time,
      String outcome,
      String detail,
      int elapsedMs,
      Instant now)
      throws SQLException {
    String clipped = detail.length() > 500 ? detail.substring(0, 500) + "…" : detail;
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(update);
              PreparedStatement log =
                  c.prepareStatement(
                      "INSERT INTO sharing_delivery_attempts (delivery_id, at, outcome, detail,"
                          + " elapsed_ms) VALUES (?, ?, ?, ?, ?)")) {
            int i = 1;
            if (time != null) {
              ps.setTimestamp(i++, Timestamp.from(time));
            }
            ps.setString(i++, clipped);
            ps.setLong(i, id);
            ps.executeUpdate();
            log.setLong(1, id);
            log.setTimestamp(2, Timestamp.from(now));
            log.setString(3, outcome);
            log.setString(4, clipped);
            log.setInt(5, elapsedMs);
            log.executeUpdate();
          }
        });
  }

  /** A webhook's deliveries, newest first, optionally in one state. */
  public Page<Status> of(long webhookId, String state, CursorPaging paging) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT d.id, d.event_id, e.type, d.state, d.attempts, d.next_attempt_at,"
                    + " d.last_detail, d.delivered_at FROM sharing_deliveries d"
                    + " JOIN sharing_events e ON e.id = d.event_id WHERE d.webhook_id = ?"
                    + " AND (CAST(? AS text) IS NULL OR d.state = ?)"
                    + " AND (CAST(? AS bigint) IS NULL OR d.id < ?) ORDER BY d.id DESC LIMIT ?")) {
      ps.setLong(1, webhookId);
      ps.setString(2, state);
      ps.setString(3, state);
      paging.bind(ps, 4);
      try (ResultSet rs = ps.executeQuery()) {
        List<Status> out = new ArrayList<>();
        while (rs.next()) {
          Timestamp delivered = rs.getTimestamp(8);
          out.add(
              new Status(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getInt(5),
                  rs.getTimestamp(6).toInstant(),
                  rs.getString(7),
                  delivered == null ? null : delivered.toInstant()));
        }
        return paging.page(out, Status::id);
      }
    }
  }
}
