package vn.cantho.ioc.core.kpi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.live.DeviceStatus;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.store.Database;

/**
 * The kernel's indicators, per zone and for the city: devices registered and online ({@code
 * devices.total}, {@code devices.online}), alerts open by severity ({@code alerts.open.watch},
 * {@code .warning}, {@code .critical}) and those open for more than a day ({@code
 * alerts.open_over_24h}).
 */
public final class KernelKpis implements KpiSource {
  static final Duration OLD = Duration.ofHours(24);

  private final DeviceRegistry devices;
  private final LatestState latest;
  private final Database database;

  public KernelKpis(DeviceRegistry devices, LatestState latest, Database database) {
    this.devices = devices;
    this.latest = latest;
    this.database = database;
  }

  @Override
  public List<KpiValue> measure(Instant at) throws SQLException {
    Map<String, double[]> byZone = new HashMap<>(); // zone -> [total, online]
    double[] city = new double[2];
    for (Device d : devices.all()) {
      boolean online = DeviceStatus.of(d, latest.lastSeen(d.id()), at) == DeviceStatus.ONLINE;
      for (double[] counts :
          d.zoneId() == null
              ? List.of(city)
              : List.of(city, byZone.computeIfAbsent(d.zoneId(), z -> new double[2]))) {
        counts[0]++;
        counts[1] += online ? 1 : 0;
      }
    }
    List<KpiValue> out = new ArrayList<>();
    byZone.forEach(
        (zone, c) -> {
          out.add(new KpiValue("devices.total", zone, c[0]));
          out.add(new KpiValue("devices.online", zone, c[1]));
        });
    out.add(new KpiValue("devices.total", null, city[0]));
    out.add(new KpiValue("devices.online", null, city[1]));
    out.addAll(openAlerts(at));
    return out;
  }

  /**
   * Open (not closed) alerts raised by {@code at}, by zone and severity and for the city, and those
   * raised more than a day before. Alerts of devices outside every zone count for the city only.
   */
  private List<KpiValue> openAlerts(Instant at) throws SQLException {
    String sql =
        "SELECT GROUPING(zone_id) = 1, zone_id, severity, count(*),"
            + " count(*) FILTER (WHERE raised_at < ?) FROM alerts"
            + " WHERE state <> 'closed' AND raised_at <= ?"
            + " GROUP BY GROUPING SETS ((zone_id, severity), (severity))";
    Map<String, Map<String, Double>> counts = new HashMap<>(); // zone ("" = city) -> kpi -> n
    counts.put("", new HashMap<>());
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(at.minus(OLD)));
      ps.setTimestamp(2, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String zone = rs.getBoolean(1) ? "" : rs.getString(2);
          if (zone == null) {
            continue;
          }
          Map<String, Double> of = counts.computeIfAbsent(zone, z -> new HashMap<>());
          of.merge("alerts.open." + rs.getString(3), (double) rs.getLong(4), Double::sum);
          of.merge("alerts.open_over_24h", (double) rs.getLong(5), Double::sum);
        }
      }
    }
    List<KpiValue> out = new ArrayList<>();
    counts.forEach(
        (zone, of) -> {
          String zoneId = zone.isEmpty() ? null : zone;
          for (Severity s : Severity.values()) {
            String kpi = "alerts.open." + s.code();
            out.add(new KpiValue(kpi, zoneId, of.getOrDefault(kpi, 0.0)));
          }
          out.add(
              new KpiValue(
                  "alerts.open_over_24h", zoneId, of.getOrDefault("alerts.open_over_24h", 0.0)));
        });
    return out;
  }
}
