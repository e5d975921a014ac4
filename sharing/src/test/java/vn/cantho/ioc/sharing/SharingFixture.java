package vn.cantho.ioc.sharing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.notify.RetryPolicy;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;

/** Two wards side by side, a device in each and a farmer's, and their readings. */
final class SharingFixture {
  static final String WARD = "31117";
  static final String OTHER_WARD = "31120";
  static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

  private SharingFixture() {}

  static ZoneIndex zones() {
    return new ZoneIndex(List.of(box(WARD, 105.70), box(OTHER_WARD, 105.80)));
  }

  /** The devices of a test, their ids prefixed so classes sharing the database do not meet. */
  static List<Device> devices(String prefix) {
    return List.of(
        new Device(prefix + "-a", Domain.LIGHTING, "loop", "Trạm, \"A\"", 105.75, 10.05, WARD, 60),
        new Device(prefix + "-b", Domain.LIGHTING, "loop", "=B", 105.85, 10.05, OTHER_WARD, 60),
        new Device(
            prefix + "-f",
            Domain.LIGHTING,
            "loop",
            "F",
            105.72,
            10.02,
            WARD,
            60,
            prefix + "-farmer"));
  }

  /** {@code perDevice} readings a minute apart from {@link #T0}, value = minute index. */
  static void readings(Database db, List<Device> devices, int perDevice) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
                    + " VALUES (?, 'speed', ?, ?, 0, 'test') ON CONFLICT DO NOTHING")) {
      for (Device d : devices) {
        for (int i = 0; i < perDevice; i++) {
          ps.setString(1, d.id());
          ps.setTimestamp(2, Timestamp.from(T0.plus(Duration.ofMinutes(i))));
          ps.setDouble(3, i);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  static SharingSettings settings(int burst) {
    return new SharingSettings(
        1000, burst, new RetryPolicy(3, Duration.ZERO, Duration.ZERO), key(), true, Duration.ZERO);
  }

  static byte[] key() {
    byte[] k = new byte[32];
    new java.security.SecureRandom().nextBytes(k);
    return k;
  }

  private static Zone box(String id, double west) {
    return new Zone(
        id,
        "Phường " + id,
        "phuong",
        "Ward " + id,
        new GeometryFactory()
            .createPolygon(
                new Coordinate[] {
                  new Coordinate(west, 10.00),
                  new Coordinate(west + 0.1, 10.00),
                  new Coordinate(west + 0.1, 10.10),
                  new Coordinate(west, 10.10),
                  new Coordinate(west, 10.00)
                }),
        java.util.Map.of());
  }
}
