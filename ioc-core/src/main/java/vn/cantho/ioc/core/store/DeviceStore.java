package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

/** The durable copy of the device registry. Blocking JDBC: worker threads only. */
public final class DeviceStore {
  private static final String UPSERT =
      "INSERT INTO devices (id, domain, type, name, lon, lat, zone_id, report_interval_s, owner)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
          + " domain = EXCLUDED.domain, type = EXCLUDED.type, name = EXCLUDED.name,"
          + " lon = EXCLUDED.lon, lat = EXCLUDED.lat, zone_id = EXCLUDED.zone_id,"
          + " report_interval_s = EXCLUDED.report_interval_s, owner = EXCLUDED.owner,"
          + " updated_at = now()";

  private final Database database;

  public DeviceStore(Database database) {
    this.database = database;
  }

  public void upsert(Collection<Device> devices) throws SQLException {
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (Device d : devices) {
              ps.setString(1, d.id());
              ps.setString(2, d.domain().code());
              ps.setString(3, d.type());
              ps.setString(4, d.name());
              ps.setDouble(5, d.lon());
              ps.setDouble(6, d.lat());
              ps.setString(7, d.zoneId());
              ps.setInt(8, d.reportIntervalS());
              ps.setString(9, d.owner());
              ps.addBatch();
            }
            ps.executeBatch();
          }
        });
  }

  /**
   * Registers the devices not registered yet, in one COPY and one insert, leaving those already
   * there as they are: 100,000 devices take seconds, where row-by-row upserts took minutes, and a
   * second run with the same devices adds nothing. Returns how many were new.
   */
  public int insertNew(Collection<Device> devices) throws SQLException {
    StringBuilder csv = new StringBuilder(devices.size() * 96);
    for (Device d : devices) {
      csv.append(quoted(d.id()))
          .append(',')
          .append(quoted(d.domain().code()))
          .append(',')
          .append(quoted(d.type()))
          .append(',')
          .append(quoted(d.name()))
          .append(',')
          .append(d.lon())
          .append(',')
          .append(d.lat())
          .append(',')
          .append(quoted(d.zoneId()))
          .append(',')
          .append(d.reportIntervalS())
          .append(',')
          .append(quoted(d.owner()))
          .append('\n');
    }
    return database.inTransaction(
        c -> {
          try (var st = c.createStatement()) {
            st.execute(
                "CREATE TEMP TABLE devices_new (LIKE devices INCLUDING DEFAULTS) ON COMMIT DROP");
          }
          byte[] rows = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          org.postgresql.copy.CopyIn copy =
              c.unwrap(org.postgresql.PGConnection.class)
                  .getCopyAPI()
                  .copyIn(
                      "COPY devices_new (id, domain, type, name, lon, lat, zone_id,"
                          + " report_interval_s, owner) FROM STDIN (FORMAT csv)");
          try {
            copy.writeToCopy(rows, 0, rows.length);
            copy.endCopy();
          } finally {
            if (copy.isActive()) {
              copy.cancelCopy();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO devices (id, domain, type, name, lon, lat, zone_id,"
                      + " report_interval_s, owner)"
                      + " SELECT id, domain, type, name, lon, lat, zone_id, report_interval_s,"
                      + " owner FROM devices_new ON CONFLICT (id) DO NOTHING")) {
            return ps.executeUpdate();
          }
        });
  }

  /** A CSV field: null unquoted and empty (COPY's NULL), text quoted with quotes doubled. */
  private static String quoted(String text) {
    return text == null ? "" : '"' + text.replace("\"", "\"\"") + '"';
  }

  public List<Device> loadAll() throws SQLException {
    List<Device> devices = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, domain, type, name, lon, lat, zone_id, report_interval_s, owner"
                    + " FROM devices");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        devices.add(
            new Device(
                rs.getString(1),
                Domain.fromCode(rs.getString(2)).orElseThrow(),
                rs.getString(3),
                rs.getString(4),
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getString(9)));
      }
    }
    return devices;
  }
}
