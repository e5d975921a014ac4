package vn.cantho.ioc.core.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.store.Database;

/**
 * Who wants to hear of alerts, on which channel: owners (farmers) and staff alike. Blocking JDBC:
 * worker threads only.
 */
public final class SubscriptionStore {
  private static final String COLUMNS =
      "id, username, pond_id, channel, address, language, min_severity, quiet_start, quiet_end";

  private final Database database;

  public SubscriptionStore(Database database) {
    this.database = database;
  }

  /** Stores a new subscription (its id is ignored) and returns it with its id. */
  public Subscription add(Subscription s) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO subscriptions (username, pond_id, channel, address, language,"
                    + " min_severity, quiet_start, quiet_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " RETURNING "
                    + COLUMNS)) {
      ps.setString(1, s.username());
      ps.setString(2, s.pondId());
      ps.setString(3, s.channel().code());
      ps.setString(4, s.address());
      ps.setString(5, s.language().code());
      ps.setString(6, s.minSeverity().code());
      ps.setTime(7, s.quietStart() == null ? null : Time.valueOf(s.quietStart()));
      ps.setTime(8, s.quietEnd() == null ? null : Time.valueOf(s.quietEnd()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return subscription(rs);
      }
    }
  }

  public List<Subscription> of(String username) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + COLUMNS + " FROM subscriptions WHERE username = ? ORDER BY id")) {
      ps.setString(1, username);
      return list(ps);
    }
  }

  /** Deletes one of the user's subscriptions; false when he has no such subscription. */
  public boolean delete(long id, String username) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM subscriptions WHERE id = ? AND username = ?")) {
      ps.setLong(1, id);
      ps.setString(2, username);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * The subscriptions that hear about an owner's subject: his, to all he owns or to that subject (a
   * pond; the column is still called {@code pond_id}, water being the first feature with owned
   * subjects). Only the owner's: a subject that changes hands stops telling the old owner. Runs on
   * the caller's connection (the alert's transaction).
   */
  static List<Subscription> forOwner(Connection c, String owner, String scope) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM subscriptions WHERE username = ? AND (pond_id IS NULL OR pond_id = ?)"
                + " ORDER BY id")) {
      ps.setString(1, owner);
      ps.setString(2, scope);
      return list(ps);
    }
  }

  /**
   * The subscriptions to everything of the enabled users who hold one of these roles and whose area
   * holds the zone: the whole city for a city-wide role, their zones for a commune operator.
   * Owner-scoped roles (farmers) hear through {@link #forOwner} only.
   */
  static List<Subscription> forRoles(Connection c, Set<Role> roles, String zoneId)
      throws SQLException {
    List<String> city = new ArrayList<>();
    List<String> zoned = new ArrayList<>();
    for (Role r : roles) {
      switch (r.scope()) {
        case CITY -> city.add(r.code());
        case ZONES -> zoned.add(r.code());
        case OWN -> {}
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM subscriptions s WHERE s.pond_id IS NULL AND EXISTS (SELECT 1 FROM users u"
                + " WHERE u.username = s.username AND NOT u.disabled AND (u.role = ANY (?)"
                + " OR (u.role = ANY (?) AND ?::text = ANY (u.zones)))) ORDER BY s.id")) {
      ps.setArray(1, c.createArrayOf("text", city.toArray()));
      ps.setArray(2, c.createArrayOf("text", zoned.toArray()));
      ps.setString(3, zoneId);
      return list(ps);
    }
  }

  private static List<Subscription> list(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      List<Subscription> out = new ArrayList<>();
      while (rs.next()) {
        out.add(subscription(rs));
      }
      return out;
    }
  }

  private static Subscription subscription(ResultSet rs) throws SQLException {
    Time quietStart = rs.getTime("quiet_start");
    Time quietEnd = rs.getTime("quiet_end");
    return new Subscription(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("pond_id"),
        Channel.fromCode(rs.getString("channel")).orElseThrow(),
        rs.getString("address"),
        Language.fromCode(rs.getString("language")).orElseThrow(),
        Severity.valueOf(rs.getString("min_severity").toUpperCase(Locale.ROOT)),
        quietStart == null ? null : quietStart.toLocalTime(),
        quietEnd == null ? null : quietEnd.toLocalTime());
  }
}
