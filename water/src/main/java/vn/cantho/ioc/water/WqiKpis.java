package vn.cantho.ioc.water;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.store.Database;

/**
 * Water quality's indicators for the leaders (issue 18), per zone and for the city: how many river
 * stations have a VN_WQI of the last {@link #FRESH} ({@code water.wqi_stations}) and the share of
 * them, 0 to 1, whose latest hourly index falls in each class ({@code
 * water.wqi_class_share.<class>}, the class codes of {@code GET /api/v1/devices/{id}/wqi}). The
 * index is the one {@link HourlyWqi} stored, classed as the map classes it ({@link WqiClass}), so
 * the shares and the stations' colours agree. Zones with a station but no fresh index get a count
 * of 0 and no shares: a share of nothing is not a number.
 */
public final class WqiKpis implements KpiSource {
  /** An index older than a day says little about the river now: a station silent that long. */
  static final Duration FRESH = Duration.ofHours(24);

  static final String STATIONS = "water.wqi_stations";
  static final String SHARE = "water.wqi_class_share.";

  private final Database database;
  private final DeviceRegistry devices;

  public WqiKpis(Database database, DeviceRegistry devices) {
    this.database = database;
    this.devices = devices;
  }

  @Override
  public List<KpiValue> measure(Instant at) throws SQLException {
    List<Device> stations =
        devices.all().stream().filter(d -> HourlyWqi.STATION_TYPE.equals(d.type())).toList();
    Map<String, WqiClass> latest = latestClasses(stations, at);
    Map<String, Map<WqiClass, Integer>> byZone = new HashMap<>(); // "" = the city
    byZone.put("", new EnumMap<>(WqiClass.class));
    for (Device d : stations) {
      WqiClass c = latest.get(d.id());
      for (String zone : d.zoneId() == null ? List.of("") : List.of("", d.zoneId())) {
        Map<WqiClass, Integer> tally =
            byZone.computeIfAbsent(zone, z -> new EnumMap<>(WqiClass.class));
        if (c != null) {
          tally.merge(c, 1, Integer::sum);
        }
      }
    }
    List<KpiValue> out = new ArrayList<>();
    byZone.forEach(
        (zone, tally) -> {
          String zoneId = zone.isEmpty() ? null : zone;
          int n = tally.values().stream().mapToInt(Integer::intValue).sum();
          out.add(new KpiValue(STATIONS, zoneId, n));
          if (n > 0) {
            for (WqiClass c : WqiClass.values()) {
              out.add(
                  new KpiValue(SHARE + c.code(), zoneId, tally.getOrDefault(c, 0) / (double) n));
            }
          }
        });
    return out;
  }

  /** Each station's class by its newest stored index of the fresh window up to {@code at}. */
  private Map<String, WqiClass> latestClasses(List<Device> stations, Instant at)
      throws SQLException {
    Map<String, WqiClass> out = new HashMap<>();
    if (stations.isEmpty()) {
      return out;
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT ON (device_id) device_id, value FROM readings"
                    + " WHERE metric = ? AND device_id = ANY(?) AND ts > ? AND ts <= ?"
                    + " ORDER BY device_id, ts DESC")) {
      ps.setString(1, HourlyWqi.METRIC);
      ps.setArray(2, c.createArrayOf("text", stations.stream().map(Device::id).toArray()));
      ps.setTimestamp(3, Timestamp.from(at.minus(FRESH)));
      ps.setTimestamp(4, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          // Rounded as the WQI route rounds it: the class is the one the map shows.
          out.put(rs.getString(1), WqiClass.of((int) Math.round(rs.getDouble(2))));
        }
      }
    }
    return out;
  }
}
