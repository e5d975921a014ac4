package vn.cantho.ioc.core.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;

/**
 * The newest value of every metric of every device, kept in memory from committed readings so the
 * map and the device list never scan the time-series table. Rebuilt from the database at start.
 */
public final class LatestState {
  private final Map<String, DeviceLatest> byDevice = new ConcurrentHashMap<>();

  /**
   * One device's newest values, and the newest instant among them kept beside them: the live feed
   * asks for it per device per flush, and scanning the values each time showed in the profile.
   */
  private static final class DeviceLatest {
    final Map<String, LatestValue> values = new ConcurrentHashMap<>();
    private Instant lastSeen;

    synchronized void seen(Instant ts) {
      if (lastSeen == null || ts.isAfter(lastSeen)) {
        lastSeen = ts;
      }
    }

    synchronized Instant lastSeen() {
      return lastSeen;
    }

    void put(String metric, LatestValue value) {
      values.merge(metric, value, (old, neu) -> neu.ts().isBefore(old.ts()) ? old : neu);
      seen(value.ts());
    }
  }

  /** Newer readings win; an old reading delivered late never hides a newer value. */
  public void apply(Reading reading) {
    apply(List.of(reading));
  }

  /**
   * A batch, as {@link #apply(Reading)} each: one device lookup per run of the same device (a
   * message's metrics come together), which the ingest profile asked for.
   */
  public void apply(List<Reading> readings) {
    String deviceId = null;
    DeviceLatest device = null;
    for (Reading r : readings) {
      if (!r.deviceId().equals(deviceId)) {
        deviceId = r.deviceId();
        device = device(deviceId);
      }
      device.put(r.metric(), new LatestValue(r.value(), r.ts()));
    }
  }

  private void put(String deviceId, String metric, LatestValue value) {
    device(deviceId).put(metric, value);
  }

  private DeviceLatest device(String deviceId) {
    DeviceLatest device = byDevice.get(deviceId);
    return device != null ? device : byDevice.computeIfAbsent(deviceId, id -> new DeviceLatest());
  }

  public Map<String, LatestValue> values(String deviceId) {
    DeviceLatest device = byDevice.get(deviceId);
    return device == null ? Map.of() : device.values;
  }

  public Instant lastSeen(String deviceId) {
    DeviceLatest device = byDevice.get(deviceId);
    return device == null ? null : device.lastSeen();
  }

  /** Loads the newest value per device and metric of the last day. Blocking JDBC. */
  public void rebuild(Database database) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT ON (device_id, metric) device_id, metric, ts, value"
                    + " FROM readings WHERE ts > now() - interval '1 day'"
                    + " ORDER BY device_id, metric, ts DESC");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        put(
            rs.getString(1),
            rs.getString(2),
            new LatestValue(rs.getDouble(4), rs.getTimestamp(3).toInstant()));
      }
    }
  }
}
