package vn.cantho.ioc.core.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.Page;

/**
 * The alert lifecycle in the database. Each transition is one transaction that updates {@code
 * alerts}, appends to {@code alert_events} and to the audit log, so an alert and its history never
 * disagree. At most one open alert per rule and device is a constraint, not a convention: raising
 * again returns the open one. Blocking JDBC: worker threads only.
 */
public final class AlertStore {
  /** The actor of transitions a feature's rule engine makes. */
  public static final String SYSTEM = "system:rules";

  private static final String COLUMNS =
      "id, feature, rule_key, device_id, zone_id, metric, severity, state, raised_at, raised_value,"
          + " last_value, acknowledged_at, acknowledged_by, cleared_at";
  private static final String RANK =
      "CASE severity WHEN 'watch' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END";

  /**
   * Runs inside the transaction of every transition, after it is written: the notification outbox
   * adds its messages there, so they exist exactly when the transition does.
   */
  @FunctionalInterface
  public interface TransitionHook {
    TransitionHook NONE = (c, alert, kind, at) -> {};

    void onTransition(Connection c, Alert alert, String kind, Instant at) throws SQLException;
  }

  private final Database database;
  private final TransitionHook hook;
  private final Consumer<AlertEvent> committed;

  public AlertStore(Database database) {
    this(database, TransitionHook.NONE);
  }

  public AlertStore(Database database, TransitionHook hook) {
    this(database, hook, event -> {});
  }

  /**
   * @param committed told of every transition once its transaction committed, on the caller's
   *     thread (the node publishes it on the event bus: the live map, the dispatcher): whoever
   *     makes a transition, a feature's rules or a person acknowledging, it is told the same way
   */
  public AlertStore(Database database, TransitionHook hook, Consumer<AlertEvent> committed) {
    this.database = database;
    this.hook = hook;
    this.committed = committed;
  }

  /** Raises an alert, or returns the rule's open alert on that device if there is one. */
  public Alert raise(
      RuleKey rule,
      String deviceId,
      String zoneId,
      String metric,
      Severity severity,
      double value,
      Instant at)
      throws SQLException {
    Raised raised =
        database.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO alerts (feature, rule_key, device_id, zone_id, metric, severity,"
                          + " state, raised_at, raised_value, last_value) VALUES (?, ?, ?, ?, ?, ?,"
                          + " 'raised', ?, ?, ?) ON CONFLICT (feature, rule_key, device_id)"
                          + " WHERE state IN ('raised', 'acknowledged') DO NOTHING RETURNING "
                          + COLUMNS)) {
                ps.setString(1, rule.feature());
                ps.setString(2, rule.key());
                ps.setString(3, deviceId);
                ps.setString(4, zoneId);
                ps.setString(5, metric);
                ps.setString(6, severity.code());
                ps.setTimestamp(7, Timestamp.from(at));
                ps.setDouble(8, value);
                ps.setDouble(9, value);
                try (ResultSet rs = ps.executeQuery()) {
                  if (rs.next()) {
                    Alert alert = alert(rs);
                    event(c, alert.id(), "raised", severity, value, SYSTEM, at);
                    hook.onTransition(c, alert, "raised", at);
                    return new Raised(alert, true);
                  }
                }
              }
              return new Raised(openAlert(c, rule, deviceId).orElseThrow(), false);
            });
    if (raised.isNew()) {
      committed.accept(new AlertEvent("raised", raised.alert()));
    }
    return raised.alert();
  }

  /** What {@link #raise} found: the alert, and whether this call raised it or it was open. */
  private record Raised(Alert alert, boolean isNew) {}

  /** Raises an open alert's severity; empty when it is not open or already as severe. */
  public Optional<Alert> escalate(long id, Severity severity, double value, Instant at)
      throws SQLException {
    return transition(
        id,
        "UPDATE alerts SET severity = ?, last_value = ? WHERE id = ?"
            + " AND state IN ('raised', 'acknowledged') AND "
            + RANK
            + " < ? RETURNING "
            + COLUMNS,
        ps -> {
          ps.setString(1, severity.code());
          ps.setDouble(2, value);
          ps.setLong(3, id);
          ps.setInt(4, severity.ordinal() + 1);
        },
        "escalated",
        severity,
        value,
        SYSTEM,
        at);
  }

  /** The value recovered: the open alert becomes cleared. */
  public Optional<Alert> clear(long id, double value, Instant at) throws SQLException {
    return transition(
        id,
        "UPDATE alerts SET state = 'cleared', cleared_at = ?, last_value = ? WHERE id = ?"
            + " AND state IN ('raised', 'acknowledged') RETURNING "
            + COLUMNS,
        ps -> {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setDouble(2, value);
          ps.setLong(3, id);
        },
        "cleared",
        null,
        value,
        SYSTEM,
        at);
  }

  /**
   * Someone saw it: a raised alert becomes acknowledged, a cleared one closed. Empty when there was
   * nothing to acknowledge (already acknowledged or closed).
   */
  public Optional<Alert> acknowledge(long id, String user, Instant at) throws SQLException {
    Optional<Alert> acknowledged =
        transition(
            id,
            "UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?"
                + " WHERE id = ? AND state = 'raised' RETURNING "
                + COLUMNS,
            ps -> {
              ps.setTimestamp(1, Timestamp.from(at));
              ps.setString(2, user);
              ps.setLong(3, id);
            },
            "acknowledged",
            null,
            null,
            user,
            at);
    if (acknowledged.isPresent()) {
      return acknowledged;
    }
    return transition(
        id,
        "UPDATE alerts SET state = 'closed', closed_at = ?, closed_by = ? WHERE id = ?"
            + " AND state = 'cleared' RETURNING "
            + COLUMNS,
        ps -> {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setString(2, user);
          ps.setLong(3, id);
        },
        "closed",
        null,
        null,
        user,
        at);
  }

  public Optional<Alert> find(long id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM alerts WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
      }
    }
  }

  /**
   * What a list of alerts asks for; null fields mean any. {@code zones} and {@code devices} carry
   * the caller's scope (a commune operator's zones, a farmer's devices), null for the whole city.
   */
  public record Query(
      List<String> zones,
      List<String> devices,
      String zone,
      String feature,
      String deviceId,
      Severity severity,
      List<Alert.State> states,
      Instant from,
      Instant to,
      CursorPaging page) {}

  /** The states of an alert still on an operator's list: all but closed. */
  public static final List<Alert.State> OPEN =
      List.of(Alert.State.RAISED, Alert.State.ACKNOWLEDGED, Alert.State.CLEARED);

  private static final String FILTERS =
      " FROM alerts WHERE (?::text[] IS NULL OR zone_id = ANY(?::text[]))"
          + " AND (?::text[] IS NULL OR device_id = ANY(?::text[]))"
          + " AND (?::text IS NULL OR zone_id = ?::text)"
          + " AND (?::text IS NULL OR feature = ?::text)"
          + " AND (?::text IS NULL OR device_id = ?::text)"
          + " AND (?::text IS NULL OR severity = ?::text)"
          + " AND (?::text[] IS NULL OR state = ANY(?::text[]))"
          + " AND (?::timestamptz IS NULL OR raised_at >= ?::timestamptz)"
          + " AND (?::timestamptz IS NULL OR raised_at < ?::timestamptz)";

  /** Binds {@link #FILTERS}' parameters; returns the next free index. */
  private static int bindFilters(Connection c, PreparedStatement ps, Query q) throws SQLException {
    java.sql.Array zones = q.zones() == null ? null : c.createArrayOf("text", q.zones().toArray());
    java.sql.Array devices =
        q.devices() == null ? null : c.createArrayOf("text", q.devices().toArray());
    String severity = q.severity() == null ? null : q.severity().code();
    java.sql.Array states =
        q.states() == null
            ? null
            : c.createArrayOf("text", q.states().stream().map(Alert.State::code).toArray());
    Timestamp from = q.from() == null ? null : Timestamp.from(q.from());
    Timestamp to = q.to() == null ? null : Timestamp.from(q.to());
    int i = 1;
    for (java.sql.Array a : new java.sql.Array[] {zones, devices}) {
      ps.setArray(i++, a);
      ps.setArray(i++, a);
    }
    for (String text : new String[] {q.zone(), q.feature(), q.deviceId(), severity}) {
      ps.setString(i++, text);
      ps.setString(i++, text);
    }
    ps.setArray(i++, states);
    ps.setArray(i++, states);
    for (Timestamp t : new Timestamp[] {from, to}) {
      ps.setTimestamp(i++, t);
      ps.setTimestamp(i++, t);
    }
    return i;
  }

  /** How many alerts match, by feature and severity (the console's tiles; no paging). */
  public Map<String, Map<Severity, Long>> counts(Query q) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT feature, severity, count(*)" + FILTERS + " GROUP BY feature, severity")) {
      bindFilters(c, ps, q);
      Map<String, Map<Severity, Long>> out = new java.util.TreeMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), f -> new java.util.EnumMap<>(Severity.class))
              .put(
                  Severity.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                  rs.getLong(3));
        }
      }
      return out;
    }
  }

  /** One page, newest first. */
  public Page<Alert> list(Query q) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + FILTERS + " AND " + CursorPaging.NEWEST_FIRST)) {
      q.page().bind(ps, bindFilters(c, ps, q));
      try (ResultSet rs = ps.executeQuery()) {
        List<Alert> out = new ArrayList<>();
        while (rs.next()) {
          out.add(alert(rs));
        }
        return q.page().page(out, Alert::id);
      }
    }
  }

  /** The rule's open alert on that device, if any. */
  public Optional<Alert> openFor(RuleKey rule, String deviceId) throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      return openAlert(c, rule, deviceId);
    }
  }

  /** Every open alert of a feature: its rule engine starts from these after a restart. */
  public List<Alert> open(String feature) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alerts WHERE feature = ? AND state IN ('raised', 'acknowledged')")) {
      ps.setString(1, feature);
      try (ResultSet rs = ps.executeQuery()) {
        List<Alert> open = new ArrayList<>();
        while (rs.next()) {
          open.add(alert(rs));
        }
        return open;
      }
    }
  }

  /** The open alerts of these devices (what a feature groups, such as the probes of one place). */
  public List<Alert> openOf(List<String> deviceIds) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alerts WHERE state IN ('raised', 'acknowledged')"
                    + " AND device_id = ANY(?) ORDER BY id")) {
      ps.setArray(1, c.createArrayOf("text", deviceIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        List<Alert> open = new ArrayList<>();
        while (rs.next()) {
          open.add(alert(rs));
        }
        return open;
      }
    }
  }

  /** The kinds of an alert's events, oldest first. */
  public List<String> history(long id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT kind FROM alert_events WHERE alert_id = ? ORDER BY id")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> kinds = new ArrayList<>();
        while (rs.next()) {
          kinds.add(rs.getString(1));
        }
        return kinds;
      }
    }
  }

  private Optional<Alert> openAlert(Connection c, RuleKey rule, String deviceId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM alerts WHERE feature = ? AND rule_key = ? AND device_id = ?"
                + " AND state IN ('raised', 'acknowledged')")) {
      ps.setString(1, rule.feature());
      ps.setString(2, rule.key());
      ps.setString(3, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
      }
    }
  }

  private Optional<Alert> transition(
      long id,
      String update,
      Binder binder,
      String kind,
      Severity severity,
      Double value,
      String actor,
      Instant at)
      throws SQLException {
    Optional<Alert> done =
        database.inTransaction(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(update)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                  if (!rs.next()) {
                    return Optional.empty();
                  }
                  Alert alert = alert(rs);
                  event(c, id, kind, severity, value, actor, at);
                  hook.onTransition(c, alert, kind, at);
                  return Optional.of(alert);
                }
              }
            });
    done.ifPresent(a -> committed.accept(new AlertEvent(kind, a)));
    return done;
  }

  private static void event(
      Connection c, long id, String kind, Severity severity, Double value, String actor, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert_events (alert_id, at, kind, severity, value, actor)"
                    + " VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement audit =
            c.prepareStatement("INSERT INTO audit_log (actor, action, target) VALUES (?, ?, ?)")) {
      ps.setLong(1, id);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, kind);
      ps.setString(4, severity == null ? null : severity.code());
      ps.setObject(5, value, java.sql.Types.DOUBLE);
      ps.setString(6, actor);
      ps.executeUpdate();
      audit.setString(1, actor);
      audit.setString(2, "alert." + kind);
      audit.setString(3, "alert:" + id + (severity == null ? "" : " " + severity.code()));
      audit.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    return new Alert(
        rs.getLong("id"),
        new RuleKey(rs.getString("feature"), rs.getString("rule_key")),
        rs.getString("device_id"),
        rs.getString("zone_id"),
        rs.getString("metric"),
        Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
        Alert.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        rs.getTimestamp("raised_at").toInstant(),
        rs.getDouble("raised_value"),
        rs.getDouble("last_value"),
        instant(rs.getTimestamp("acknowledged_at")),
        rs.getString("acknowledged_by"),
        instant(rs.getTimestamp("cleared_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
