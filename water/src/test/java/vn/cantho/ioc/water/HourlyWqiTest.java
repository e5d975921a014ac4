package vn.cantho.ioc.water;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

@ExtendWith(PostgresExtension.class)
class HourlyWqiTest {
  private static final Instant HOUR = Instant.parse("2026-11-22T03:00:00Z");

  @Test
  void anHourOfAStationBecomesOneStoredIndexFromItsMeansAndItsLatestLabValue(Database db)
      throws Exception {
    DeviceRegistry registry = station(db, "wqi-station-1");
    reading(db, "wqi-station-1", "ph", HOUR.plusSeconds(60), 7.0);
    reading(db, "wqi-station-1", "ph", HOUR.plusSeconds(1800), 7.4);
    reading(db, "wqi-station-1", "temp", HOUR.plusSeconds(60), 29.0);
    reading(db, "wqi-station-1", "do", HOUR.plusSeconds(60), 6.2);
    reading(db, "wqi-station-1", "tan", HOUR.plusSeconds(60), 0.3);
    reading(db, "wqi-station-1", "cod", HOUR.plusSeconds(60), 12);
    reading(db, "wqi-station-1", "ph", HOUR.plusSeconds(3600), 9.9); // the next hour
    HourlyWqi wqi = new HourlyWqi(db, registry);

    assertThat(wqi.indexOf("wqi-station-1", HOUR))
        .as("pH and group IV make two groups of five: not enough")
        .isEmpty();

    reading(db, "wqi-station-1", "coliform", HOUR.minus(Duration.ofDays(40)), 2000);
    assertThat(wqi.indexOf("wqi-station-1", HOUR))
        .as("a lab value 40 days old is too old")
        .isEmpty();

    reading(db, "wqi-station-1", "coliform", HOUR.minus(Duration.ofDays(12)), 2000);
    VnWqi.Result expected =
        VnWqi.compute(
                Map.of(
                    VnWqi.Parameter.PH, 7.2,
                    VnWqi.Parameter.DO, 6.2,
                    VnWqi.Parameter.NH4_N, 0.3,
                    VnWqi.Parameter.COD, 12.0,
                    VnWqi.Parameter.COLIFORM, 2000.0),
                29.0)
            .orElseThrow();
    assertThat(wqi.indexOf("wqi-station-1", HOUR)).contains(expected);

    assertThat(wqi.compute(HOUR)).isEqualTo(1);
    assertThat(wqi.compute(HOUR)).as("an hour is written once").isZero();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT ts, value FROM readings WHERE device_id = 'wqi-station-1' AND metric = 'wqi'");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getTimestamp(1).toInstant()).isEqualTo(HOUR);
      assertThat(rs.getDouble(2)).isEqualTo(expected.value());
      assertThat(WqiClass.of(expected.value()).labelVi()).isNotBlank();
      assertThat(rs.next()).isFalse();
    }
  }

  private static DeviceRegistry station(Database db, String id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, report_interval_s)"
                    + " VALUES (?, 'water', 'river_station', 'Trạm sông Hậu', 105.79, 10.04, 300)")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    DeviceRegistry registry = new DeviceRegistry();
    registry.putAll(
        java.util.List.of(
            new Device(
                id,
                WaterFeature.DOMAIN,
                "river_station",
                "Trạm sông Hậu",
                105.79,
                10.04,
                null,
                300,
                null)));
    return registry;
  }

  private static void reading(Database db, String device, String metric, Instant ts, double value)
      throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
                    + " VALUES (?, ?, ?, ?, 0, 'test')")) {
      ps.setString(1, device);
      ps.setString(2, metric);
      ps.setTimestamp(3, Timestamp.from(ts));
      ps.setDouble(4, value);
      ps.executeUpdate();
    }
  }
}
