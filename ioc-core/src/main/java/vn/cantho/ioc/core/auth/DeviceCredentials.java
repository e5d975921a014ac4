package vn.cantho.ioc.core.auth;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.cantho.ioc.core.store.Database;

/**
 * Credentials of devices, gateways and ingest nodes: a user name and a random secret, kept as its
 * SHA-256 ({@link Secrets}). Issuing again rotates: the old secret stops working at once. Blocking
 * JDBC: worker threads only.
 */
public final class DeviceCredentials {
  /**
   * Names kept for ingest nodes (the demo's {@code ioc-demo}, the default node id {@code
   * ioc-node-1}): a device or gateway taking one first would block the node's credential, and under
   * a looser client-id rule could claim the node's client id.
   */
  private static final Pattern RESERVED_FOR_NODES = Pattern.compile("(?i)ioc([-._].*)?");

  private final Database database;

  public DeviceCredentials(Database database) {
    this.database = database;
  }

  /** A device's own credential; the user name is the device id. Returns the new secret. */
  public String issueForDevice(String deviceId) throws SQLException {
    return issue(deviceId, DeviceGrant.Kind.DEVICE, List.of(deviceId), false);
  }

  /**
   * Issues or rotates a credential and returns its secret, which is shown once and never stored.
   *
   * @throws IllegalArgumentException when the database refuses the values (a bad name), or a device
   *     or gateway asks for a name reserved for nodes
   */
  public String issue(String username, DeviceGrant.Kind kind, List<String> devices, boolean all)
      throws SQLException {
    if (kind != DeviceGrant.Kind.NODE && RESERVED_FOR_NODES.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "refused: "
              + username
              + " is reserved for ingest nodes (ioc, and names starting ioc- ioc. ioc_)");
    }
    String secret = Secrets.newSecret();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO device_credentials (username, kind, secret_hash, devices, all_devices)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET"
                    + " kind = EXCLUDED.kind, secret_hash = EXCLUDED.secret_hash,"
                    + " devices = EXCLUDED.devices, all_devices = EXCLUDED.all_devices,"
                    + " rotated_at = now() WHERE device_credentials.kind = EXCLUDED.kind")) {
      ps.setString(1, username);
      ps.setString(2, kind.code());
      ps.setString(3, Secrets.sha256(secret));
      ps.setArray(4, c.createArrayOf("text", devices.toArray()));
      ps.setBoolean(5, all);
      if (ps.executeUpdate() == 0) {
        // Rotating must not turn, say, the ingest node's credential into a gateway's.
        throw new IllegalArgumentException(
            "refused: " + username + " is already a credential of another kind");
      }
    } catch (SQLException e) {
      if ("23514".equals(e.getSQLState())) {
        throw new IllegalArgumentException(
            "refused: a credential name is 1-64 of A-Z a-z 0-9 . _ - (a device's is its id)", e);
      }
      throw e;
    }
    return secret;
  }

  /**
   * The grant of a credential by name alone, for ACL questions about a client the broker has
   * already authenticated; never use it to authenticate.
   */
  public Optional<DeviceGrant> grant(String username) throws SQLException {
    return username == null ? Optional.empty() : lookup(username, null);
  }

  /** The grant, if the secret is the credential's current one. */
  public Optional<DeviceGrant> check(String username, String secret) throws SQLException {
    if (username == null || secret == null) {
      return Optional.empty();
    }
    return lookup(username, secret);
  }

  /** With a secret, only if it matches; with null, unconditionally. */
  private Optional<DeviceGrant> lookup(String username, String secret) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT secret_hash, kind, devices, all_devices FROM device_credentials"
                    + " WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()
            || (secret != null && !Secrets.sameDigest(rs.getString(1), Secrets.sha256(secret)))) {
          return Optional.empty();
        }
        Array devices = rs.getArray(3);
        return Optional.of(
            new DeviceGrant(
                username,
                DeviceGrant.Kind.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                new HashSet<>(Arrays.asList((String[]) devices.getArray())),
                rs.getBoolean(4)));
      }
    }
  }
}
