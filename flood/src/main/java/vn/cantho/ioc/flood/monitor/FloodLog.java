package vn.cantho.ioc.flood.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.forecast.HighWater;
import vn.cantho.ioc.flood.watch.LevelEvent;
import vn.cantho.ioc.flood.watch.PreAlert;

/**
 * What the monitor decided, kept: crossings, forecasts and pre-alerts, each keyed by its data time
 * so a replay that decides the same again writes nothing twice.
 */
public final class FloodLog {
  private final Database database;

  public FloodLog(Database database) {
    this.database = database;
  }

  public void crossing(LevelEvent e) throws SQLException {
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO flood_crossings (device_id, level, crossed, at, value_cm)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, e.deviceId());
            ps.setInt(2, e.level());
            ps.setBoolean(3, e.crossed());
            ps.setTimestamp(4, Timestamp.from(e.at()));
            ps.setDouble(5, e.valueCm());
            ps.executeUpdate();
          }
        });
  }

  public void forecast(Forecast f) throws SQLException {
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO flood_forecasts (device_id, issued_at, hw1_at, hw1_cm, hw2_at,"
                      + " hw2_cm, expected_error_cm, expected_timing_min, verified, fit_rms_cm,"
                      + " surge_cm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT DO NOTHING")) {
            HighWater first = f.highWaters().get(0);
            HighWater second = f.highWaters().size() > 1 ? f.highWaters().get(1) : null;
            ps.setString(1, f.deviceId());
            ps.setTimestamp(2, Timestamp.from(f.issuedAt()));
            ps.setTimestamp(3, Timestamp.from(first.at()));
            ps.setDouble(4, first.levelCm());
            ps.setTimestamp(5, second == null ? null : Timestamp.from(second.at()));
            if (second == null) {
              ps.setNull(6, java.sql.Types.DOUBLE);
            } else {
              ps.setDouble(6, second.levelCm());
            }
            ps.setDouble(7, f.expectedErrorCm());
            if (f.expectedTimingErrorMin() == null) {
              ps.setNull(8, java.sql.Types.DOUBLE);
            } else {
              ps.setDouble(8, f.expectedTimingErrorMin());
            }
            ps.setInt(9, f.verified());
            ps.setDouble(10, f.fitRmsCm());
            ps.setDouble(11, f.surgeCm());
            ps.executeUpdate();
          }
        });
  }

  /**
   * @param decision raise, escalate, passed or called_off
   */
  public void preAlert(String deviceId, String decision, PreAlert p, Instant at)
      throws SQLException {
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO flood_prealerts (device_id, decision, level, peak_at, peak_cm,"
                      + " issued_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, deviceId);
            ps.setString(2, decision);
            ps.setInt(3, p.level());
            ps.setTimestamp(4, Timestamp.from(p.peakAt()));
            ps.setDouble(5, p.peakCm());
            ps.setTimestamp(6, Timestamp.from(at));
            ps.executeUpdate();
          }
        });
  }

  /** The newest raise or escalation of a station's pre-alert. */
  public static Optional<PreAlert> latestPreAlert(Connection c, String deviceId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT level, peak_at, peak_cm, issued_at FROM flood_prealerts WHERE device_id = ?"
                + " AND decision IN ('raise', 'escalate') ORDER BY issued_at DESC, id DESC"
                + " LIMIT 1")) {
      ps.setString(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PreAlert(
                rs.getInt(1),
                rs.getTimestamp(2).toInstant(),
                rs.getDouble(3),
                rs.getTimestamp(4).toInstant()));
      }
    }
  }

  /** A station's forecasts issued in [from, to), oldest first. */
  public List<StoredForecast> forecasts(String deviceId, Instant from, Instant to, int limit)
      throws SQLException {
    List<StoredForecast> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT issued_at, hw1_at, hw1_cm, hw2_at, hw2_cm, expected_error_cm"
                    + " FROM flood_forecasts WHERE device_id = ? AND issued_at >= ?"
                    + " AND issued_at < ? ORDER BY issued_at LIMIT ?")) {
      ps.setString(1, deviceId);
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Timestamp hw2 = rs.getTimestamp(4);
          out.add(
              new StoredForecast(
                  rs.getTimestamp(1).toInstant(),
                  rs.getTimestamp(2).toInstant(),
                  rs.getDouble(3),
                  hw2 == null ? null : hw2.toInstant(),
                  hw2 == null ? null : rs.getDouble(5),
                  rs.getDouble(6)));
        }
      }
    }
    return out;
  }

  /** One stored forecast, as the history route lists it. */
  public record StoredForecast(
      Instant issuedAt,
      Instant hw1At,
      double hw1Cm,
      Instant hw2At,
      Double hw2Cm,
      double expectedErrorCm) {}
}
