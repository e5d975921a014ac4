package vn.cantho.ioc.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.core.store.Database;

/**
 * The notification outbox and its delivery log. Claiming marks rows {@code sending} with {@code FOR
 * UPDATE SKIP LOCKED}, so two dispatchers never take the same message; every attempt's outcome is
 * one transaction that updates the message and appends to the log. Blocking JDBC: worker threads.
 */
public final class Outbox {
  private final Database database;

  public Outbox(Database database) {
    this.database = database;
  }

  /** A message's state as the delivery log shows it. */
  public record Status(
      long id,
      long alertId,
      String username,
      String channel,
      String severity,
      String state,
      String reason,
      int attempts,
      Instant createdAt,
      Instant nextAttemptAt,
      Instant handedAt,
      String title,
      String body) {}

  /** One attempt in the delivery log. */
  public record Attempt(Instant at, String outcome, String detail, int elapsedMs) {}

  /**
   * After a crash, messages left {@code sending} were perhaps handed over, perhaps not: they go
   * back to {@code pending} and are sent again with the same idempotency key. A farmer may get a
   * duplicate from a provider that ignores the key; he never gets nothing.
   */
  public int recoverInterrupted() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE notifications SET state = 'pending', next_attempt_at = clock_timestamp()"
                    + " WHERE state = 'sending'")) {
      return ps.executeUpdate();
    }
  }

  /** Takes up to {@code max} due messages, oldest due first. */
  public List<Outgoing> claimDue(int max) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE notifications SET state = 'sending', attempts = attempts + 1 WHERE id IN"
                    + " (SELECT id FROM notifications WHERE state = 'pending'"
                    + " AND next_attempt_at <= clock_timestamp() ORDER BY next_attempt_at, id"
                    + " LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, alert_id, channel, address,"
                    + " language, severity, metric, title, body, attempts, idempotency_key")) {
      ps.setInt(1, max);
      try (ResultSet rs = ps.executeQuery()) {
        List<Outgoing> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Outgoing(
                  rs.getLong(1),
                  rs.getLong(2),
                  Channel.fromCode(rs.getString(3)).orElseThrow(),
                  rs.getString(4),
                  Language.fromCode(rs.getString(5)).orElseThrow(),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getInt(10),
                  rs.getString(11)));
        }
        return out;
      }
    }
  }

  /** When the next message falls due, if any is waiting (to sleep exactly that long). */
  public Instant nextDue() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT min(next_attempt_at) FROM notifications WHERE state = 'pending'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp ts = rs.getTimestamp(1);
      return ts == null ? null : ts.toInstant();
    }
  }

  public void delivered(long id, String detail, int elapsedMs) throws SQLException {
    record(
        id,
        "UPDATE notifications SET state = 'delivered', handed_at = clock_timestamp(),"
            + " reason = NULL WHERE id = ?",
        null,
        "delivered",
        detail,
        elapsedMs);
  }

  public void retryAt(long id, Instant next, String detail, int elapsedMs) throws SQLException {
    record(
        id,
        "UPDATE notifications SET state = 'pending', next_attempt_at = ?, reason = ? WHERE id = ?",
        next,
        "retry",
        detail,
        elapsedMs);
  }

  public void failed(long id, String reason, int elapsedMs) throws SQLException {
    record(
        id,
        "UPDATE notifications SET state = 'failed', reason = ? WHERE id = ?",
        null,
        "failed",
        reason,
        elapsedMs);
  }

  private void record(
      long id, String update, Instant next, String outcome, String detail, int elapsedMs)
      throws SQLException {
    String clipped = detail.length() > 500 ? detail.substring(0, 500) + "…" : detail;
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(update);
              PreparedStatement log =
                  c.prepareStatement(
                      "INSERT INTO notification_attempts (notification_id, outcome, detail,"
                          + " elapsed_ms) VALUES (?, ?, ?, ?)")) {
            int i = 1;
            if (next != null) {
              ps.setTimestamp(i++, Timestamp.from(next));
              ps.setString(i++, clipped);
            } else if (outcome.equals("failed")) {
              ps.setString(i++, clipped);
            }
            ps.setLong(i, id);
            ps.executeUpdate();
            log.setLong(1, id);
            log.setString(2, outcome);
            log.setString(3, clipped);
            log.setInt(4, elapsedMs);
            log.executeUpdate();
          }
        });
  }

  /** The messages about one alert, oldest first. */
  public List<Status> forAlert(long alertId) throws SQLException {
    return statuses("WHERE alert_id = ?", alertId);
  }

  public List<Status> all() throws SQLException {
    return statuses("WHERE ? = ?", 0L, 0L);
  }

  /** A message's attempts, oldest first. */
  public List<Attempt> attempts(long id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT at, outcome, detail, elapsed_ms FROM notification_attempts"
                    + " WHERE notification_id = ? ORDER BY id")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        List<Attempt> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Attempt(
                  rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getInt(4)));
        }
        return out;
      }
    }
  }

  private List<Status> statuses(String where, long... args) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, alert_id, username, channel, severity, state, reason, attempts,"
                    + " created_at, next_attempt_at, handed_at, title, body FROM notifications "
                    + where
                    + " ORDER BY id")) {
      for (int i = 0; i < args.length; i++) {
        ps.setLong(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Status> out = new ArrayList<>();
        while (rs.next()) {
          Timestamp handed = rs.getTimestamp(11);
          out.add(
              new Status(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getInt(8),
                  rs.getTimestamp(9).toInstant(),
                  rs.getTimestamp(10).toInstant(),
                  handed == null ? null : handed.toInstant(),
                  rs.getString(12),
                  rs.getString(13)));
        }
        return out;
      }
    }
  }
}
