package vn.cantho.ioc.lighting.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.store.Database;

/**
 * Lights an operator commanded by hand, and until when: the schedule leaves them alone meanwhile
 * (TALQ's OverrideCommand with an expiration), then takes them back.
 */
public final class Overrides {
  private final Database database;
  private final Map<String, Instant> until = new ConcurrentHashMap<>();

  public Overrides(Database database) {
    this.database = database;
  }

  public void load() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT device_id, until FROM lighting_overrides");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        until.put(rs.getString(1), rs.getTimestamp(2).toInstant());
      }
    }
  }

  public void set(List<Device> lights, Instant end, String by) throws SQLException {
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO lighting_overrides (device_id, until, set_by) VALUES (?, ?, ?)"
                      + " ON CONFLICT (device_id) DO UPDATE SET until = EXCLUDED.until,"
                      + " set_by = EXCLUDED.set_by")) {
            for (Device d : lights) {
              ps.setString(1, d.id());
              ps.setTimestamp(2, Timestamp.from(end));
              ps.setString(3, by);
              ps.addBatch();
            }
            ps.executeBatch();
          }
        });
    for (Device d : lights) {
      until.put(d.id(), end);
    }
  }

  public boolean active(String deviceId, Instant now) {
    Instant end = until.get(deviceId);
    return end != null && end.isAfter(now);
  }
}
