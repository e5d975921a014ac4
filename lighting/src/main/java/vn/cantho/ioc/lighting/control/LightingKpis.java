package vn.cantho.ioc.lighting.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.kpi.KpiValue;
import vn.cantho.ioc.core.live.DeviceStatus;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.energy.SavingReport;
import vn.cantho.ioc.lighting.energy.Tariff;
import vn.cantho.ioc.lighting.inventory.LightingGroups;

/**
 * Street lighting's indicators for the leaders (issue 18), per zone and for the city:
 *
 * <ul>
 *   <li>{@code lighting.lights}: the streetlights registered;
 *   <li>{@code lighting.lights_working}: those online (reported within three intervals, as the map
 *       judges a device, {@link DeviceStatus}) with no open fault alert (raised or acknowledged:
 *       lamp out, day burner, power too high or low, cycling, communication lost);
 *   <li>{@code lighting.lights_working_share}: the two's ratio, 0 to 1, where there are lights;
 *   <li>{@code lighting.energy_saved_today_kwh} and {@code lighting.energy_saved_today_percent}:
 *       today's saving so far (the local day of Cần Thơ) against the undimmed dusk-to-dawn
 *       baseline, computed by {@link LampEnergy#saving} as {@code GET /api/v1/lighting/energy} and
 *       the console's tile compute it, so the figures agree; the percentage only where there is a
 *       baseline.
 * </ul>
 */
public final class LightingKpis implements KpiSource {
  private final LightingGroups groups;
  private final LampEnergy energy;
  private final AlertStore alerts;
  private final Database database;
  private final Tariff tariff;

  public LightingKpis(
      LightingGroups groups,
      LampEnergy energy,
      AlertStore alerts,
      Database database,
      Tariff tariff) {
    this.groups = groups;
    this.energy = energy;
    this.alerts = alerts;
    this.database = database;
    this.tariff = tariff;
  }

  @Override
  public List<KpiValue> measure(Instant at) throws SQLException {
    List<Device> lights = groups.lights();
    Map<String, List<Device>> byZone = new LinkedHashMap<>(); // null key: the city
    byZone.put(null, lights);
    for (Device d : lights) {
      if (d.zoneId() != null) {
        byZone.computeIfAbsent(d.zoneId(), z -> new ArrayList<>()).add(d);
      }
    }
    Set<String> faulted =
        alerts.open(LampFaults.FEATURE).stream().map(Alert::deviceId).collect(Collectors.toSet());
    Map<String, Instant> lastSeen = lastSeen(lights, at);
    LocalDate today = CanThoTime.localDate(at);
    List<KpiValue> out = new ArrayList<>();
    byZone.forEach(
        (zone, in) -> {
          long working =
              in.stream()
                  .filter(d -> !faulted.contains(d.id()))
                  .filter(d -> DeviceStatus.of(d, lastSeen.get(d.id()), at) == DeviceStatus.ONLINE)
                  .count();
          out.add(new KpiValue("lighting.lights", zone, in.size()));
          out.add(new KpiValue("lighting.lights_working", zone, working));
          if (!in.isEmpty()) {
            out.add(
                new KpiValue("lighting.lights_working_share", zone, working / (double) in.size()));
          }
          SavingReport saving = energy.saving(in, today, today, tariff);
          out.add(new KpiValue("lighting.energy_saved_today_kwh", zone, saving.savedKwh()));
          if (saving.baselineKwh() > 0) {
            out.add(
                new KpiValue("lighting.energy_saved_today_percent", zone, saving.savedPercent()));
          }
        });
    return out;
  }

  /**
   * Each light's newest reading that could still make it online at {@code at}: only the last few
   * intervals are read, not the lights' history.
   */
  private Map<String, Instant> lastSeen(List<Device> lights, Instant at) throws SQLException {
    Map<String, Instant> out = new HashMap<>();
    if (lights.isEmpty()) {
      return out;
    }
    long longest = lights.stream().mapToLong(Device::reportIntervalS).max().orElse(0);
    // Wider than DeviceStatus' grace (three intervals, at least 90 s): it decides, not this.
    Duration window = Duration.ofSeconds(Math.max(3 * longest, 90) + 60);
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT device_id, max(ts) FROM readings WHERE device_id = ANY(?) AND ts > ?"
                    + " GROUP BY device_id")) {
      ps.setArray(1, c.createArrayOf("text", lights.stream().map(Device::id).toArray()));
      ps.setTimestamp(2, Timestamp.from(at.minus(window)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        }
      }
    }
    return out;
  }
}
