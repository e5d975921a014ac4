package vn.cantho.ioc.water;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Database;

/**
 * VN_WQI of every river station, hour by hour, stored as the {@code wqi} series (its class, colour
 * and Vietnamese label follow from the value: {@link WqiClass}). The hour's mean of what the
 * station measures continuously, and the latest lab value of the last 31 days of what it does not
 * (coliform), as a monitoring programme combines them. An hour without enough parameters for the
 * index's preconditions gets no value rather than a guess. Idempotent: an hour is written once.
 * Blocking JDBC: worker threads only.
 */
public final class HourlyWqi {
  public static final String METRIC = "wqi";
  public static final String STATION_TYPE = "river_station";
  static final Duration LAB_VALIDITY = Duration.ofDays(31);

  private static final Map<String, VnWqi.Parameter> CONTINUOUS =
      Map.of(
          "ph", VnWqi.Parameter.PH,
          "do", VnWqi.Parameter.DO,
          "tan", VnWqi.Parameter.NH4_N,
          "no2", VnWqi.Parameter.NO2_N,
          "no3", VnWqi.Parameter.NO3_N,
          "po4", VnWqi.Parameter.PO4_P,
          "cod", VnWqi.Parameter.COD,
          "bod5", VnWqi.Parameter.BOD5);
  private static final Map<String, VnWqi.Parameter> LAB =
      Map.of("coliform", VnWqi.Parameter.COLIFORM);

  private final Database database;
  private final DeviceRegistry registry;

  public HourlyWqi(Database database, DeviceRegistry registry) {
    this.database = database;
    this.registry = registry;
  }

  /** Computes the hour before {@code now} (and the one before it, in case a run was missed). */
  public int computeRecent(Instant now) throws SQLException {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    return compute(hour.minus(Duration.ofHours(2))) + compute(hour.minus(Duration.ofHours(1)));
  }

  /** Computes and stores the index of the hour starting at {@code hourStart}; how many stations. */
  public int compute(Instant hourStart) throws SQLException {
    int written = 0;
    for (Device d : registry.all()) {
      if (STATION_TYPE.equals(d.type())) {
        Optional<VnWqi.Result> wqi = indexOf(d.id(), hourStart);
        if (wqi.isPresent() && store(d.id(), hourStart, wqi.get().value())) {
          written++;
        }
      }
    }
    return written;
  }

  /** The index of one station's hour, or empty when its parameters do not allow one. */
  public Optional<VnWqi.Result> indexOf(String deviceId, Instant hourStart) throws SQLException {
    Map<VnWqi.Parameter, Double> measured = new EnumMap<>(VnWqi.Parameter.class);
    Double temperature = null;
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT metric, avg(value) FROM readings WHERE device_id = ? AND ts >= ? AND ts < ?"
                  + " AND quality = 0 GROUP BY metric")) {
        ps.setString(1, deviceId);
        ps.setTimestamp(2, Timestamp.from(hourStart));
        ps.setTimestamp(3, Timestamp.from(hourStart.plus(Duration.ofHours(1))));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String metric = rs.getString(1);
            if (metric.equals("temp")) {
              temperature = rs.getDouble(2);
            } else if (CONTINUOUS.containsKey(metric)) {
              measured.put(CONTINUOUS.get(metric), rs.getDouble(2));
            }
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT DISTINCT ON (metric) metric, value FROM readings WHERE device_id = ?"
                  + " AND metric = ANY(?) AND ts >= ? AND ts < ? ORDER BY metric, ts DESC")) {
        ps.setString(1, deviceId);
        ps.setArray(2, c.createArrayOf("text", LAB.keySet().toArray()));
        ps.setTimestamp(3, Timestamp.from(hourStart.minus(LAB_VALIDITY)));
        ps.setTimestamp(4, Timestamp.from(hourStart.plus(Duration.ofHours(1))));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            measured.put(LAB.get(rs.getString(1)), rs.getDouble(2));
          }
        }
      }
    }
    return VnWqi.compute(measured, temperature);
  }

  private boolean store(String deviceId, Instant hourStart, int value) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
                    + " VALUES (?, ?, ?, ?, 0, 'wqi') ON CONFLICT DO NOTHING")) {
      ps.setString(1, deviceId);
      ps.setString(2, METRIC);
      ps.setTimestamp(3, Timestamp.from(hourStart));
      ps.setDouble(4, value);
      return ps.executeUpdate() == 1;
    }
  }
}
