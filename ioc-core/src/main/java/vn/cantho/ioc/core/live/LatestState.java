package vn.cantho.ioc.core.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;

/**
 * The newest value of every metric of every device, kept in memory from committed readings so the
 * map and the device list never scan the time-series table. Rebuilt from the database at start.
 */
public final class LatestState {
  private final Map<String, Map<String, LatestValue>> byDevice = new ConcurrentHashMap<>();

  /** Newer readings win; an old reading delivered late never hides a newer value. */
  public void apply(Reading reading) {
    byDevice
        .computeIfAbsent(reading.deviceId(), id -> new ConcurrentHashMap<>())
        .merge(
            reading.metric(),
            new LatestValue(reading.value(), reading.ts()),
            (old, neu) -> neu.ts().isBefore(old.ts()) ? old : neu);
  }

  public Map<String, LatestValue> values(String deviceId) {
    return byDevice.getOrDefault(deviceId, Map.of());
  }

  public Instant lastSeen(String deviceId) {
    Instant last = null;
    for (LatestValue v : values(deviceId).values()) {
      if (last == null || v.ts().isAfter(last)) {
        last = v.ts();
      }
    }
    return last;
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
        byDevice
            .computeIfAbsent(rs.getString(1), id -> new ConcurrentHashMap<>())
            .put(rs.getString(2), new LatestValue(rs.getDouble(4), rs.getTimestamp(3).toInstant()));
      }
    }
  }
}
