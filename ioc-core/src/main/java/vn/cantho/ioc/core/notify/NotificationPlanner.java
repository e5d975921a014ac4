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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Turns an alert that was raised or got worse into outbox rows, one per matching subscription,
 * inside the alert's own transaction. The alert's feature says who hears and in what words ({@link
 * AlertNotices}); here the two rules that protect recipients from noise apply: the storm limit (one
 * message per subscription, subject and metric per 30 minutes of the data's time, unless the
 * severity rises) and quiet hours (a message below critical waits for their end). A held-back
 * message is still a row, state {@code suppressed} with its reason, so the delivery log shows why
 * somebody heard nothing.
 */
public final class NotificationPlanner implements AlertStore.TransitionHook {
  public static final Duration STORM_WINDOW = Duration.ofMinutes(30);

  private final AckLinks ackLinks;
  private final Clock clock;
  private final Map<String, AlertNotices> notices = new ConcurrentHashMap<>();

  public NotificationPlanner(AckLinks ackLinks, Clock clock) {
    this.ackLinks = ackLinks;
    this.clock = clock;
  }

  /** A feature's words for its alerts; called at start, before its first alert. */
  public NotificationPlanner register(String feature, AlertNotices words) {
    if (notices.putIfAbsent(feature, words) != null) {
      throw new IllegalStateException("feature " + feature + " has its alert notices already");
    }
    return this;
  }

  /** Whether a feature says the caller sees this subject of its own: {@link SubscriptionScopes}. */
  public boolean scopeVisible(Caller caller, String scope) throws SQLException {
    for (AlertNotices words : notices.values()) {
      if (words.showsScope(caller, scope)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onTransition(Connection c, Alert alert, String kind, Instant at) throws SQLException {
    if (!kind.equals("raised") && !kind.equals("escalated")) {
      return;
    }
    AlertNotices words = notices.get(alert.rule().feature());
    if (words == null) {
      return; // a feature that tells nobody
    }
    Optional<AlertAudience> found = words.audience(c, alert);
    if (found.isEmpty()) {
      return;
    }
    AlertAudience audience = found.get();
    List<String> sameNews = words.sameNews(alert.metric());
    for (Subscription s : recipients(c, alert, audience)) {
      if (alert.severity().compareTo(s.minSeverity()) < 0) {
        continue;
      }
      Message message =
          audience.compose(
              alert,
              kind.equals("escalated"),
              at,
              s.channel(),
              s.language(),
              s.channel() == Channel.SMS ? null : ackLinks.url(alert.id(), s.username()));
      insert(c, alert, kind, at, s, audience.subject(), sameNews, message);
    }
  }

  /** The owner's subscriptions, then those of the users the audience's roles reach; once each. */
  private static List<Subscription> recipients(Connection c, Alert alert, AlertAudience audience)
      throws SQLException {
    Map<Long, Subscription> all = new LinkedHashMap<>();
    if (audience.owner() != null) {
      SubscriptionStore.forOwner(c, audience.owner(), audience.scope())
          .forEach(s -> all.putIfAbsent(s.id(), s));
    }
    if (!audience.roles().isEmpty()) {
      SubscriptionStore.forRoles(c, audience.roles(), alert.zoneId())
          .forEach(s -> all.putIfAbsent(s.id(), s));
    }
    return List.copyOf(all.values());
  }

  private void insert(
      Connection c,
      Alert alert,
      String kind,
      Instant at,
      Subscription s,
      String subject,
      List<String> sameNews,
      Message message)
      throws SQLException {
    String state = "pending";
    String reason = null;
    Instant due = clock.instant();
    String storm = recentlySent(c, s, subject, alert, sameNews, at);
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

  /** The reason to hold this message back, or null: as bad a message went out within 30 min. */
  private static String recentlySent(
      Connection c, Subscription s, String subject, Alert alert, List<String> sameNews, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT severity, event_at, metric FROM notifications WHERE subscription_id = ?"
                + " AND subject_key = ? AND metric = ANY (?) AND state <> 'suppressed'"
                + " AND event_at > ? AND event_at <= ? ORDER BY event_at DESC LIMIT 1")) {
      ps.setLong(1, s.id());
      ps.setString(2, subject);
      ps.setArray(3, c.createArrayOf("text", sameNews.toArray()));
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
            + " message for "
            + subject
            + " and this metric ("
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
}
