package vn.cantho.ioc.traffic.incident;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.Page;

/**
 * Incidents in PostgreSQL: reports merged or opened ({@link MergeRule}), the workflow's transitions
 * checked against {@link IncidentStatus#next()}, comments, and the timeline of each. Every change
 * is one transaction that also writes its timeline entry; reports on one segment are serialised
 * with an advisory lock so two reports of the same queue cannot both open an incident.
 */
public final class IncidentStore {
  private static final String COLUMNS =
      "id, kind, severity, status, source, method, lon, lat, corridor_id, direction, chainage_m,"
          + " segment, zone_id, description, opened_at, last_report_at, updated_at, verified_at,"
          + " closed_at, assignee, reports, version";

  /** A transition the workflow does not allow from the incident's state. */
  public static final class IllegalTransition extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public IllegalTransition(IncidentStatus from, IncidentStatus to) {
      super("không thể chuyển sự cố từ '" + from.labelVi() + "' sang '" + to.labelVi() + "'");
    }
  }

  /** What a report did: the incident, and whether the report opened it. */
  public record Reported(Incident incident, boolean opened) {}

  /** One entry of an incident's timeline. */
  public record TimelineEntry(
      Instant at,
      String kind,
      String actor,
      String fromStatus,
      String toStatus,
      String source,
      String externalId,
      String comment) {}

  /** Filters of a list; null is no filter. */
  public record Query(
      IncidentStatus status,
      String zone,
      List<String> zoneScope,
      String corridor,
      IncidentKind kind,
      Instant from,
      Instant to,
      CursorPaging page) {}

  /**
   * Within the caller's zones: a commune operator's incidents are those whose point lies in one of
   * his zones (none outside every zone); a null scope is the whole city. Bound by {@link
   * #bindScope}.
   */
  private static final String IN_SCOPE = "(CAST(? AS text[]) IS NULL OR zone_id = ANY (?))";

  private final Database database;

  public IncidentStore(Database database) {
    this.database = database;
  }

  /** Merges the report into the open incident it is about, or opens one. */
  public Reported report(Report r) throws SQLException {
    return database.inTransaction(
        c -> {
          String segment = r.location().segment();
          if (segment != null) {
            try (PreparedStatement lock =
                c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
              lock.setString(1, "traffic-segment:" + segment);
              lock.execute();
            }
            for (Incident open : openOnSegment(c, segment)) {
              if (MergeRule.merges(open, r)) {
                return new Reported(merge(c, open, r), false);
              }
            }
          }
          return new Reported(open(c, r), true);
        });
  }

  private static List<Incident> openOnSegment(Connection c, String segment) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM traffic_incidents WHERE segment = ? AND status NOT IN ('cleared',"
                + " 'false_alarm') ORDER BY last_report_at DESC FOR UPDATE")) {
      ps.setString(1, segment);
      return read(ps);
    }
  }

  private static Incident open(Connection c, Report r) throws SQLException {
    IncidentLocation l = r.location();
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO traffic_incidents (kind, severity, status, source, method, lon, lat,"
                + " corridor_id, direction, chainage_m, segment, zone_id, description, opened_at,"
                + " last_report_at, updated_at) VALUES (?, ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?) RETURNING id")) {
      ps.setString(1, r.kind().code());
      ps.setString(2, r.severity().code());
      ps.setString(3, r.source().code());
      ps.setString(4, r.method());
      ps.setDouble(5, l.lon());
      ps.setDouble(6, l.lat());
      ps.setString(7, l.corridor());
      ps.setString(8, l.direction());
      ps.setObject(9, l.chainageM(), Types.DOUBLE);
      ps.setString(10, l.segment());
      ps.setString(11, r.zoneId());
      ps.setString(12, r.description());
      Timestamp at = Timestamp.from(r.at());
      ps.setTimestamp(13, at);
      ps.setTimestamp(14, at);
      ps.setTimestamp(15, at);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    event(c, id, r.at(), "reported", r.reporter(), null, "new", r, r.description());
    return find(c, id).orElseThrow();
  }

  private static Incident merge(Connection c, Incident open, Report r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE traffic_incidents SET last_report_at = greatest(last_report_at, ?),"
                + " reports = reports + 1, version = version + 1, updated_at = greatest(updated_at,"
                + " ?), severity = CASE WHEN ? > (CASE severity WHEN 'low' THEN 0 WHEN 'medium'"
                + " THEN 1 ELSE 2 END) THEN ? ELSE severity END WHERE id = ?")) {
      Timestamp at = Timestamp.from(r.at());
      ps.setTimestamp(1, at);
      ps.setTimestamp(2, at);
      ps.setInt(3, r.severity().ordinal());
      ps.setString(4, r.severity().code());
      ps.setLong(5, open.id());
      ps.executeUpdate();
    }
    event(c, open.id(), r.at(), "merged", r.reporter(), null, null, r, r.description());
    return find(c, open.id()).orElseThrow();
  }

  /**
   * Moves an incident on in its workflow; empty when there is no such incident.
   *
   * @param assignee who works it from now, or null to leave it
   * @throws IllegalTransition when the workflow does not allow it
   */
  public Optional<Incident> transition(
      long id, IncidentStatus to, String actor, String assignee, String comment, Instant at)
      throws SQLException {
    return database.inTransaction(
        c -> {
          Optional<Incident> found = lockedFind(c, id);
          if (found.isEmpty()) {
            return Optional.empty();
          }
          IncidentStatus from = found.get().status();
          if (!from.next().contains(to)) {
            throw new IllegalTransition(from, to);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE traffic_incidents SET status = ?, version = version + 1, updated_at = ?,"
                      + " verified_at = CASE WHEN ? THEN ? ELSE verified_at END,"
                      + " closed_at = CASE WHEN ? THEN ? ELSE closed_at END,"
                      + " assignee = coalesce(?, assignee) WHERE id = ?")) {
            Timestamp t = Timestamp.from(at);
            ps.setString(1, to.code());
            ps.setTimestamp(2, t);
            ps.setBoolean(3, to == IncidentStatus.VERIFIED);
            ps.setTimestamp(4, t);
            ps.setBoolean(5, to.isFinal());
            ps.setTimestamp(6, t);
            ps.setString(7, assignee);
            ps.setLong(8, id);
            ps.executeUpdate();
          }
          event(c, id, at, "transition", actor, from.code(), to.code(), null, comment);
          if (assignee != null) {
            event(c, id, at, "assigned", actor, null, null, null, assignee);
          }
          return find(c, id);
        });
  }

  /** Adds a comment; empty when there is no such incident. */
  public Optional<Incident> comment(long id, String actor, String text, Instant at)
      throws SQLException {
    return database.inTransaction(
        c -> {
          if (lockedFind(c, id).isEmpty()) {
            return Optional.empty();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE traffic_incidents SET version = version + 1, updated_at = ? WHERE id ="
                      + " ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setLong(2, id);
            ps.executeUpdate();
          }
          event(c, id, at, "comment", actor, null, null, null, text);
          return find(c, id);
        });
  }

  public Optional<Incident> find(long id) throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      return find(c, id);
    }
  }

  /**
   * Open incidents, oldest first: what the DATEX II export publishes.
   *
   * @param zoneScope the caller's zones ({@code Caller.zoneScope()}), or null for the whole city
   */
  public List<Incident> open(List<String> zoneScope) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM traffic_incidents WHERE status NOT IN ('cleared', 'false_alarm') AND "
                    + IN_SCOPE
                    + " ORDER BY id")) {
      bindScope(c, ps, 1, zoneScope);
      return read(ps);
    }
  }

  /** A page of incidents, newest first. */
  public Page<Incident> list(Query q) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM traffic_incidents WHERE (CAST(? AS text) IS NULL OR status = ?)"
            + " AND (CAST(? AS text) IS NULL OR zone_id = ?)"
            + " AND "
            + IN_SCOPE
            + " AND (CAST(? AS text) IS NULL OR corridor_id = ?)"
            + " AND (CAST(? AS text) IS NULL OR kind = ?)"
            + " AND (CAST(? AS timestamptz) IS NULL OR last_report_at >= ?)"
            + " AND (CAST(? AS timestamptz) IS NULL OR opened_at < ?) AND "
            + CursorPaging.NEWEST_FIRST;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      i = bindTwice(ps, i, q.status() == null ? null : q.status().code());
      i = bindTwice(ps, i, q.zone());
      i = bindScope(c, ps, i, q.zoneScope());
      i = bindTwice(ps, i, q.corridor());
      i = bindTwice(ps, i, q.kind() == null ? null : q.kind().code());
      for (Instant t : new Instant[] {q.from(), q.to()}) {
        Timestamp ts = t == null ? null : Timestamp.from(t);
        ps.setTimestamp(i++, ts);
        ps.setTimestamp(i++, ts);
      }
      q.page().bind(ps, i);
      return q.page().page(read(ps), Incident::id);
    }
  }

  /** Everything that happened to the incident, oldest first. */
  public List<TimelineEntry> timeline(long id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT at, kind, actor, from_status, to_status, source, external_id, comment"
                    + " FROM traffic_incident_events WHERE incident_id = ? ORDER BY id")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        List<TimelineEntry> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new TimelineEntry(
                  rs.getTimestamp(1).toInstant(),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8)));
        }
        return out;
      }
    }
  }

  /**
   * The workflow's figures: incidents by status, mean minutes from opening to verification and to
   * closing as cleared, and the share of closed incidents that were false alarms.
   */
  public record Kpis(
      java.util.Map<String, Long> byStatus,
      Double meanMinutesToVerify,
      Double meanMinutesToClear,
      Double falseAlarmShare) {}

  public Kpis kpis(List<String> zoneScope) throws SQLException {
    java.util.Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
    for (IncidentStatus s : IncidentStatus.values()) {
      byStatus.put(s.code(), 0L);
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT status, count(*), avg(extract(epoch FROM verified_at - opened_at)) / 60,"
                    + " avg(extract(epoch FROM closed_at - opened_at)) / 60 FROM traffic_incidents"
                    + " WHERE "
                    + IN_SCOPE
                    + " GROUP BY status")) {
      bindScope(c, ps, 1, zoneScope);
      Double toClear = null;
      double verifySum = 0;
      long verified = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String status = rs.getString(1);
          long n = rs.getLong(2);
          byStatus.put(status, n);
          double v = rs.getDouble(3);
          if (!rs.wasNull() && !status.equals("false_alarm")) {
            verifySum += v * n;
            verified += n;
          }
          if (status.equals("cleared")) {
            double cl = rs.getDouble(4);
            toClear = rs.wasNull() ? null : cl;
          }
        }
      }
      long closed = byStatus.get("cleared") + byStatus.get("false_alarm");
      return new Kpis(
          byStatus,
          verified == 0 ? null : verifySum / verified,
          toClear,
          closed == 0 ? null : (double) byStatus.get("false_alarm") / closed);
    }
  }

  /**
   * Binds {@link #IN_SCOPE}'s two parameters from {@code index}; returns the next index. The one
   * place the zone scope becomes SQL, so the list, the KPIs and the export cannot disagree.
   */
  private static int bindScope(
      Connection c, PreparedStatement ps, int index, List<String> zoneScope) throws SQLException {
    java.sql.Array scope = zoneScope == null ? null : c.createArrayOf("text", zoneScope.toArray());
    ps.setArray(index, scope);
    ps.setArray(index + 1, scope);
    return index + 2;
  }

  private static int bindTwice(PreparedStatement ps, int i, String value) throws SQLException {
    ps.setString(i, value);
    ps.setString(i + 1, value);
    return i + 2;
  }

  private static Optional<Incident> find(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM traffic_incidents WHERE id = ?")) {
      ps.setLong(1, id);
      return read(ps).stream().findFirst();
    }
  }

  private static Optional<Incident> lockedFind(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM traffic_incidents WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, id);
      return read(ps).stream().findFirst();
    }
  }

  private static void event(
      Connection c,
      long incident,
      Instant at,
      String kind,
      String actor,
      String from,
      String to,
      Report report,
      String comment)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO traffic_incident_events (incident_id, at, kind, actor, from_status,"
                + " to_status, source, external_id, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, incident);
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setString(3, kind);
      ps.setString(4, actor);
      ps.setString(5, from);
      ps.setString(6, to);
      ps.setString(7, report == null ? null : report.source().code());
      ps.setString(8, report == null ? null : report.externalId());
      ps.setString(9, comment == null || comment.isEmpty() ? null : comment);
      ps.executeUpdate();
    }
  }

  private static List<Incident> read(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<Incident> out = new ArrayList<>();
      while (rs.next()) {
        double chainage = rs.getDouble(11);
        Double ch = rs.wasNull() ? null : chainage;
        out.add(
            new Incident(
                rs.getLong(1),
                IncidentKind.fromCode(rs.getString(2)),
                IncidentSeverity.fromCode(rs.getString(3)),
                IncidentStatus.fromCode(rs.getString(4)),
                IncidentSource.fromCode(rs.getString(5)),
                rs.getString(6),
                new IncidentLocation(
                    rs.getDouble(7),
                    rs.getDouble(8),
                    rs.getString(9),
                    rs.getString(10),
                    ch,
                    rs.getString(12)),
                rs.getString(13),
                rs.getString(14),
                instant(rs, 15),
                instant(rs, 16),
                instant(rs, 17),
                instant(rs, 18),
                instant(rs, 19),
                rs.getString(20),
                rs.getInt(21),
                rs.getInt(22)));
      }
      return out;
    }
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
