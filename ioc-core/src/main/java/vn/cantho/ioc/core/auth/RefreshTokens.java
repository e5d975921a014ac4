package vn.cantho.ioc.core.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import vn.cantho.ioc.core.store.Database;

/**
 * Refresh tokens: random, single use, stored as SHA-256. Using one marks it used; a used one
 * presented again means it was stolen or replayed, so all of that user's tokens are revoked. A
 * token works only at the user's credential generation it was issued at ({@link
 * User#tokenGeneration()}). Blocking JDBC: worker threads only.
 */
public final class RefreshTokens {
  public static final Duration DEFAULT_TTL = Duration.ofHours(12);

  /** What presenting a refresh token led to. */
  public sealed interface Outcome {
    record Valid(String username) implements Outcome {}

    record Replayed(String username) implements Outcome {}

    record Unknown() implements Outcome {}
  }

  private final Database database;
  private final Duration ttl;
  private final Clock clock;

  public RefreshTokens(Database database, Duration ttl, Clock clock) {
    this.database = database;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A new refresh token for the user; shown once, only its digest is kept. */
  public String issue(User user) throws SQLException {
    String token = Secrets.newSecret();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO refresh_tokens (token_hash, username, expires_at, token_generation)"
                    + " VALUES (?, ?, ?, ?)")) {
      ps.setString(1, Secrets.sha256(token));
      ps.setString(2, user.username());
      ps.setTimestamp(3, Timestamp.from(clock.instant().plus(ttl)));
      ps.setLong(4, user.tokenGeneration());
      ps.executeUpdate();
    }
    return token;
  }

  /** Uses the token up; on a replay revokes every token of its user. */
  public Outcome use(String token) throws SQLException {
    String hash = Secrets.sha256(token);
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE refresh_tokens r SET used_at = now() FROM users u WHERE r.token_hash = ?"
                  + " AND r.used_at IS NULL AND r.expires_at > now() AND u.username = r.username"
                  + " AND u.token_generation = r.token_generation RETURNING r.username")) {
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return new Outcome.Valid(rs.getString(1));
          }
        }
      }
      Optional<String> replayed = usedBy(c, hash);
      if (replayed.isPresent()) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM refresh_tokens WHERE username = ?")) {
          ps.setString(1, replayed.get());
          ps.executeUpdate();
        }
        return new Outcome.Replayed(replayed.get());
      }
      return new Outcome.Unknown();
    }
  }

  private static Optional<String> usedBy(Connection c, String hash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT username FROM refresh_tokens WHERE token_hash = ? AND used_at IS NOT NULL")) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }
}
