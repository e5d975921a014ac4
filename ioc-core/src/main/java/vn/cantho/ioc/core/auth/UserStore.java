package vn.cantho.ioc.core.auth;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.store.Database;

/**
 * The local user store: Argon2id hashes in {@code users}. Blocking JDBC: call it from a worker
 * thread only.
 */
public final class UserStore {
  /** The longest local user name (V4). */
  public static final int MAX_NAME_LENGTH = 64;

  private static final String COLUMNS =
      "username, role, zones, created_at, disabled, uid, token_generation";

  /**
   * Verified when the user does not exist, so a missing name costs the same time as a wrong one.
   */
  private static final String DUMMY_HASH = new PasswordHasher().hash("no such user".toCharArray());

  private final Database database;
  private final PasswordHasher hasher;

  public UserStore(Database database, PasswordHasher hasher) {
    this.database = database;
    this.hasher = hasher;
  }

  /**
   * Adds a user.
   *
   * @throws IllegalArgumentException if the name is taken or the database refuses the values (bad
   *     name, a commune operator without zones)
   */
  public User add(String username, Role role, List<String> zones, char[] password)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO users (username, password_hash, role, zones) VALUES (?, ?, ?, ?)"
                    + " RETURNING "
                    + COLUMNS)) {
      ps.setString(1, username);
      ps.setString(2, hasher.hash(password));
      ps.setString(3, role.code());
      ps.setArray(4, c.createArrayOf("text", zones.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return user(rs);
      }
    } catch (SQLException e) {
      String state = e.getSQLState();
      if ("23505".equals(state)) {
        throw new IllegalArgumentException("user already exists: " + username, e);
      }
      if ("23514".equals(state)) {
        throw new IllegalArgumentException(
            "refused: a user name is 2-64 of a-z 0-9 . _ - and a commune operator needs a zone", e);
      }
      throw e;
    }
  }

  /**
   * Sets a new password and ends the user's refresh tokens, so a stolen one dies with the old
   * password; the new token generation (V12) ends his access tokens too. False if there is no such
   * user.
   */
  public boolean setPassword(String username, char[] password) throws SQLException {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE users SET password_hash = ?, password_changed_at = now()"
                          + " WHERE username = ?");
              PreparedStatement revoke =
                  c.prepareStatement("DELETE FROM refresh_tokens WHERE username = ?")) {
            ps.setString(1, hasher.hash(password));
            ps.setString(2, username);
            boolean changed = ps.executeUpdate() == 1;
            revoke.setString(1, username);
            revoke.executeUpdate();
            return changed;
          }
        });
  }

  /**
   * Deletes the user (his refresh tokens go with him, and his access tokens name a row that is
   * gone, even if the name is taken again); false if there was none.
   */
  public boolean delete(String username) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE username = ?")) {
      ps.setString(1, username);
      return ps.executeUpdate() == 1;
    }
  }

  /** The user if the password is his and he is not disabled. */
  public Optional<User> authenticate(String username, char[] password) throws SQLException {
    String hash = null;
    User user = null;
    if (!isValidName(username)) {
      hasher.verify(password, DUMMY_HASH); // the same time as any other wrong name
      return Optional.empty();
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT password_hash, " + COLUMNS + " FROM users WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          hash = rs.getString("password_hash");
          user = user(rs);
        }
      }
    }
    boolean matches = hasher.verify(password, hash == null ? DUMMY_HASH : hash);
    return matches && user != null && !user.disabled() ? Optional.of(user) : Optional.empty();
  }

  public Optional<User> find(String username) throws SQLException {
    if (!isValidName(username)) {
      return Optional.empty();
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(user(rs)) : Optional.empty();
      }
    }
  }

  public List<User> list() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY username");
        ResultSet rs = ps.executeQuery()) {
      List<User> users = new ArrayList<>();
      while (rs.next()) {
        users.add(user(rs));
      }
      return users;
    }
  }

  /** The database's rule for names (V4), checked first so hostile input never reaches SQL. */
  static boolean isValidName(String username) {
    if (username == null || username.length() < 2 || username.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < username.length(); i++) {
      char c = username.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || (i > 0 && (c == '.' || c == '_' || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static User user(ResultSet rs) throws SQLException {
    Array zones = rs.getArray("zones");
    return new User(
        rs.getString("username"),
        Role.fromCode(rs.getString("role")),
        Arrays.asList((String[]) zones.getArray()),
        rs.getTimestamp("created_at").toInstant(),
        rs.getBoolean("disabled"),
        rs.getString("uid"),
        rs.getLong("token_generation"));
  }
}
