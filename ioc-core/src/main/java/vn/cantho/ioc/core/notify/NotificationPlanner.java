package vn.cantho.ioc.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.alert.ThresholdRule.Direction;
import vn.cantho.ioc.core.water.NightOxygenProjection;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Turns an alert that was raised or got worse into outbox rows, one per matching subscription,
 * inside the alert's own transaction. Here the two rules that protect farmers from noise apply: the
 * storm limit (one message per subscription, pond and metric per 30 minutes of the data's time,
 * unless the severity rises) and quiet hours (a message below critical waits for their end). A
 * held-back message is still a row, state {@code suppressed} with its reason, so the delivery log
 * shows why a farmer heard nothing.
 */
public final class NotificationPlanner implements AlertStore.TransitionHook {
  public static final Duration STORM_WINDOW = Duration.ofMinutes(30);

  private final MessageComposer composer;
  private final AckLinks ackLinks;
  private final Clock clock;

  public NotificationPlanner(MessageComposer composer, AckLinks ackLinks, Clock clock) {
    this.composer = composer;
    this.ackLinks = ackLinks;
    this.clock = clock;
  }

  /** Where an alert's device is, who owns it, and what its rule's threshold was. */
  private record Context(
      String owner, String pondId, String pondName, Direction direction, double threshold) {}

  @Override
  public void onTransition(Connection c, Alert alert, String kind, Instant at) throws SQLException {
    if (!kind.equals("raised") && !kind.equals("escalated")) {
      return;
    }
    Context ctx = context(c, alert);
    if (ctx == null || ctx.owner() == null) {
      return; // nobody to tell: a probe without a farmer
    }
    for (Subscription s : SubscriptionStore.forDevice(c, ctx.owner(), ctx.pondId())) {
      if (alert.severity().compareTo(s.minSeverity()) < 0) {
        continue;
      }
      Notice notice =
          new Notice(
              ctx.pondName(),
              alert.metric(),
              alert.lastValue(),
              ctx.direction(),
              ctx.threshold(),
              alert.severity(),
              kind.equals("escalated"),
              at,
              s.channel() == Channel.SMS ? null : ackLinks.url(alert.id(), s.username()));
      Message message = composer.compose(notice, s.channel(), s.language());
      String subject = ctx.pondId() != null ? "pond:" + ctx.pondId() : "device:" + alert.deviceId();
      insert(c, alert, kind, at, s, subject, message);
    }
  }

  private void insert(
      Connection c,
      Alert alert,
      String kind,
      Instant at,
      Subscription s,
      String subject,
      Message message)
      throws SQLException {
    String state = "pending";
    String reason = null;
    Instant due = clock.instant();
    String storm = recentlySent(c, s, subject, alert, at);
    if (storm != null) {
      state = "suppressed";
      reason = storm;
    } else if (alert.severity() != Severity.CRITICAL) {
      ZonedDateTime now = due.atZone(CanThoTime.ZONE);
      if (s.quietAt(now.toLocalTime())) {
        due = quietEnd(now, s);
        reason = "held for quiet hours until " + s.quietEnd();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO notifications (alert_id, subscription_id, username, channel, address,"
                + " language, subject_key, metric, severity, kind, title, body, state, reason,"
                + " event_at, next_attempt_at, idempotency_key)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
      ps.setLong(1, alert.id());
      ps.setLong(2, s.id());
      ps.setString(3, s.username());
      ps.setString(4, s.channel().code());
      ps.setString(5, s.address());
      ps.setString(6, s.language().code());
      ps.setString(7, subject);
      ps.setString(8, alert.metric());
      ps.setString(9, alert.severity().code());
      ps.setString(10, kind);
      ps.setString(11, message.title());
      ps.setString(12, message.body());
      ps.setString(13, state);
      ps.setString(14, reason);
      ps.setTimestamp(15, Timestamp.from(at));
      ps.setTimestamp(16, Timestamp.from(due));
      ps.setString(17, "ioc-a" + alert.id() + "-" + alert.severity().code() + "-s" + s.id());
      ps.executeUpdate();
    }
  }

  /**
   * Metrics that bring a farmer the same news. The projected dawn oxygen is the pond's oxygen too,
   * and by day it equals the measured DO, so one oxygen drop would otherwise send two messages.
   */
  static List<String> sameNews(String metric) {
    return metric.equals("do") || metric.equals(NightOxygenProjection.METRIC)
        ? List.of("do", NightOxygenProjection.METRIC)
        : List.of(metric);
  }

  /** The reason to hold this message back, or null: as bad a message went out within 30 min. */
  private static String recentlySent(
      Connection c, Subscription s, String subject, Alert alert, Instant at) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT severity, event_at, metric FROM notifications WHERE subscription_id = ?"
                + " AND subject_key = ? AND metric = ANY (?) AND state <> 'suppressed'"
                + " AND event_at > ? AND event_at <= ? ORDER BY event_at DESC LIMIT 1")) {
      ps.setLong(1, s.id());
      ps.setString(2, subject);
      ps.setArray(3, c.createArrayOf("text", sameNews(alert.metric()).toArray()));
      ps.setTimestamp(4, Timestamp.from(at.minus(STORM_WINDOW)));
      ps.setTimestamp(5, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Severity before = Severity.valueOf(rs.getString(1).toUpperCase(Locale.ROOT));
        if (alert.severity().compareTo(before) > 0) {
          return null; // it got worse: always tell
        }
        return "storm limit: a "
            + before.code()
            + " message for this pond and metric ("
            + rs.getString(3)
            + ") went out at "
            + rs.getTimestamp(2).toInstant();
      }
    }
  }

  private static Instant quietEnd(ZonedDateTime now, Subscription s) {
    LocalDate day = now.toLocalDate();
    ZonedDateTime end = day.atTime(s.quietEnd()).atZone(CanThoTime.ZONE);
    return (end.isAfter(now) ? end : end.plusDays(1)).toInstant();
  }

  private static Context context(Connection c, Alert alert) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT d.owner, p.id, coalesce(p.name, d.name), r.direction, r.watch, r.warning,"
                + " r.critical FROM devices d"
                + " LEFT JOIN pond_probes pp ON pp.device_id = d.id"
                + " LEFT JOIN ponds p ON p.id = pp.pond_id"
                + " JOIN alert_rules r ON r.id = ?"
                + " WHERE d.id = ?")) {
      ps.setLong(1, alert.ruleId());
      ps.setString(2, alert.deviceId());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        double threshold =
            switch (alert.severity()) {
              case WATCH -> rs.getDouble(5);
              case WARNING -> rs.getDouble(6);
              case CRITICAL -> rs.getDouble(7);
            };
        return new Context(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            Direction.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
            threshold);
      }
    }
  }
}
