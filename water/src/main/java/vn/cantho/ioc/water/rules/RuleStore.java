package vn.cantho.ioc.water.rules;

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
   * The rules that apply to one device of a profile: for each metric and direction the most
   * specific of the device's override, its pond's, its farm's and the profile's rule.
   */
  public List<ThresholdRule> effective(String profile, String deviceId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT ON (metric, direction) "
                    + COLUMNS
                    + " FROM alert_rules r WHERE r.device_id = ? OR r.profile = ?"
                    + " OR r.pond_id = (SELECT pond_id FROM pond_probes WHERE device_id = ?)"
                    + " OR r.farm_id = (SELECT p.farm_id FROM ponds p JOIN pond_probes pp"
                    + " ON pp.pond_id = p.id WHERE pp.device_id = ?)"
                    + " ORDER BY metric, direction, CASE WHEN r.device_id IS NOT NULL THEN 0"
                    + " WHEN r.pond_id IS NOT NULL THEN 1 WHEN r.farm_id IS NOT NULL THEN 2"
                    + " ELSE 3 END")) {
      ps.setString(1, deviceId);
      ps.setString(2, profile);
      ps.setString(3, deviceId);
      ps.setString(4, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        List<ThresholdRule> rules = new ArrayList<>();
        while (rs.next()) {
          rules.add(rule(rs));
        }
        return rules;
      }
    }
  }

  /** What an override applies to: one probe, every probe of a pond, or of a farm. */
  public enum Scope {
    DEVICE("device_id"),
    POND("pond_id"),
    FARM("farm_id");

    private final String column;

    Scope(String column) {
      this.column = column;
    }
  }

  /**
   * Overrides a rule for one device (a farmer's pond that tolerates more, say). Returns its id.
   *
   * @throws IllegalArgumentException when the database refuses it (thresholds out of order)
   */
  public long overrideForDevice(String deviceId, ThresholdRule rule, String source)
      throws SQLException {
    return override(Scope.DEVICE, deviceId, rule, source);
  }

  /**
   * Overrides a profile's rule for one device, pond or farm; the more specific wins. Returns its
   * id.
   *
   * @throws IllegalArgumentException when the database refuses it (thresholds out of order, no such
   *     pond or farm)
   */
  public long override(Scope scope, String id, ThresholdRule rule, String source)
      throws SQLException {
    // The column name comes from the enum, never from input.
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert_rules ("
                    + scope.column
                    + ", metric, direction, watch, warning, critical,"
                    + " hysteresis, min_samples, min_duration_s, source)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT ("
                    + scope.column
                    + ", metric, direction) WHERE "
                    + scope.column
                    + " IS NOT NULL"
                    + " DO UPDATE SET watch = EXCLUDED.watch, warning = EXCLUDED.warning,"
                    + " critical = EXCLUDED.critical, hysteresis = EXCLUDED.hysteresis,"
                    + " min_samples = EXCLUDED.min_samples,"
                    + " min_duration_s = EXCLUDED.min_duration_s, source = EXCLUDED.source,"
                    + " updated_at = now() RETURNING id")) {
      ps.setString(1, id);
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
