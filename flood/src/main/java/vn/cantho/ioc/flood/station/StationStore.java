package vn.cantho.ioc.flood.station;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.store.Database;

/** The water-level stations, in the database and in memory (read on every reading's path). */
public final class StationStore {
  private final Database database;
  private final Map<String, FloodStation> byDevice = new ConcurrentHashMap<>();

  public StationStore(Database database) {
    this.database = database;
  }

  public void load() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT s.device_id, s.name, s.level_metric, s.bd1_cm, s.bd2_cm, s.bd3_cm,"
                    + " s.hysteresis_cm, s.confirm_samples, s.rise_cm_per_hour,"
                    + " array_remove(array_agg(w.zone_id ORDER BY w.zone_id), NULL)"
                    + " FROM flood_stations s LEFT JOIN flood_station_wards w"
                    + " ON w.device_id = s.device_id GROUP BY s.device_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        double rise = rs.getDouble(9);
        Double riseOrNull = rs.wasNull() ? null : rise;
        Array wards = rs.getArray(10);
        FloodStation s =
            new FloodStation(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                new AlarmLevels(rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)),
                rs.getDouble(7),
                rs.getInt(8),
                riseOrNull,
                List.of((String[]) wards.getArray()));
        byDevice.put(s.deviceId(), s);
      }
    }
  }

  /** Adds or replaces stations (their wards too), in one transaction. */
  public void upsert(List<FloodStation> stations, String by, Instant at) throws SQLException {
    database.runInTransaction(
        c -> {
          for (FloodStation s : stations) {
            write(c, s, by, at);
          }
        });
    stations.forEach(s -> byDevice.put(s.deviceId(), s));
  }

  private static void write(Connection c, FloodStation s, String by, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO flood_stations (device_id, name, level_metric, bd1_cm, bd2_cm, bd3_cm,"
                + " hysteresis_cm, confirm_samples, rise_cm_per_hour, set_by, set_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET"
                + " name = excluded.name, level_metric = excluded.level_metric,"
                + " bd1_cm = excluded.bd1_cm, bd2_cm = excluded.bd2_cm, bd3_cm = excluded.bd3_cm,"
                + " hysteresis_cm = excluded.hysteresis_cm,"
                + " confirm_samples = excluded.confirm_samples,"
                + " rise_cm_per_hour = excluded.rise_cm_per_hour, set_by = excluded.set_by,"
                + " set_at = excluded.set_at")) {
      ps.setString(1, s.deviceId());
      ps.setString(2, s.name());
      ps.setString(3, s.levelMetric());
      ps.setDouble(4, s.levels().bd1Cm());
      ps.setDouble(5, s.levels().bd2Cm());
      ps.setDouble(6, s.levels().bd3Cm());
      ps.setDouble(7, s.hysteresisCm());
      ps.setInt(8, s.confirmSamples());
      if (s.riseCmPerHour() == null) {
        ps.setNull(9, java.sql.Types.DOUBLE);
      } else {
        ps.setDouble(9, s.riseCmPerHour());
      }
      ps.setString(10, by);
      ps.setTimestamp(11, Timestamp.from(at));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM flood_station_wards WHERE device_id = ?")) {
      ps.setString(1, s.deviceId());
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO flood_station_wards (device_id, zone_id) VALUES (?, ?)")) {
      for (String ward : s.wards()) {
        ps.setString(1, s.deviceId());
        ps.setString(2, ward);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  public Optional<FloodStation> find(String deviceId) {
    return Optional.ofNullable(byDevice.get(deviceId));
  }

  public Collection<FloodStation> all() {
    List<FloodStation> out = new ArrayList<>(byDevice.values());
    out.sort(Comparator.comparing(FloodStation::deviceId));
    return out;
  }
}
