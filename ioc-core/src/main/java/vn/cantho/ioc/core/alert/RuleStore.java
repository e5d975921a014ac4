package vn.cantho.ioc.core.alert;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vn.cantho.ioc.core.store.Database;

/**
 * The rules in {@code alert_rules}: each species profile's defaults, and per-device overrides that
 * replace the profile's rule for the same metric and direction. Blocking JDBC: worker threads only.
 */
public final class RuleStore {
  private static final String COLUMNS =
      "id, metric, direction, watch, warning, critical, hysteresis, min_samples, min_duration_s";

  private final Database database;

  public RuleStore(Database database) {
    this.database = database;
  }

  /** The species profiles' codes, e.g. {@code pangasius_pond}. */
  public List<String> profiles() throws SQLException {
    List<String> codes = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT code FROM species_profiles ORDER BY code");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        codes.add(rs.getString(1));
      }
    }
    return codes;
  }

  /** A profile's default rules. */
  public List<ThresholdRule> forProfile(String profile) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alert_rules WHERE profile = ? ORDER BY metric, direction")) {
      ps.setString(1, profile);
      try (ResultSet rs = ps.executeQuery()) {
        List<ThresholdRule> rules = new ArrayList<>();
        while (rs.next()) {
          rules.add(rule(rs));
        }
        return rules;
      }
    }
  }

  /**
   * The rules that apply to one device of a profile: the device's overrides, and the profile's
   * rules for every metric and direction the device does not override.
   */
  public List<ThresholdRule> effective(String profile, String deviceId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alert_rules r WHERE r.device_id = ?"
                    + " OR (r.profile = ? AND NOT EXISTS (SELECT 1 FROM alert_rules o"
                    + " WHERE o.device_id = ? AND o.metric = r.metric"
                    + " AND o.direction = r.direction))"
                    + " ORDER BY metric, direction")) {
      ps.setString(1, deviceId);
      ps.setString(2, profile);
      ps.setString(3, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        List<ThresholdRule> rules = new ArrayList<>();
        while (rs.next()) {
          rules.add(rule(rs));
        }
        return rules;
      }
    }
  }

  /**
   * Overrides a rule for one device (a farmer's pond that tolerates more, say). Returns its id.
   *
   * @throws IllegalArgumentException when the database refuses it (thresholds out of order)
   */
  public long overrideForDevice(String deviceId, ThresholdRule rule, String source)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert_rules (device_id, metric, direction, watch, warning, critical,"
                    + " hysteresis, min_samples, min_duration_s, source)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (device_id, metric, direction) WHERE device_id IS NOT NULL"
                    + " DO UPDATE SET watch = EXCLUDED.watch, warning = EXCLUDED.warning,"
                    + " critical = EXCLUDED.critical, hysteresis = EXCLUDED.hysteresis,"
                    + " min_samples = EXCLUDED.min_samples,"
                    + " min_duration_s = EXCLUDED.min_duration_s, source = EXCLUDED.source,"
                    + " updated_at = now() RETURNING id")) {
      ps.setString(1, deviceId);
      ps.setString(2, rule.metric());
      ps.setString(3, rule.direction().name().toLowerCase(Locale.ROOT));
      ps.setDouble(4, rule.watch());
      ps.setDouble(5, rule.warning());
      ps.setDouble(6, rule.critical());
      ps.setDouble(7, rule.hysteresis());
      ps.setInt(8, rule.minSamples());
      ps.setInt(9, (int) rule.minDuration().toSeconds());
      ps.setString(10, source);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      if ("23514".equals(e.getSQLState()) || "23503".equals(e.getSQLState())) {
        throw new IllegalArgumentException("refused: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static ThresholdRule rule(ResultSet rs) throws SQLException {
    return new ThresholdRule(
        rs.getLong("id"),
        rs.getString("metric"),
        ThresholdRule.Direction.valueOf(rs.getString("direction").toUpperCase(Locale.ROOT)),
        rs.getDouble("watch"),
        rs.getDouble("warning"),
        rs.getDouble("critical"),
        rs.getDouble("hysteresis"),
        rs.getInt("min_samples"),
        Duration.ofSeconds(rs.getInt("min_duration_s")));
  }
}
