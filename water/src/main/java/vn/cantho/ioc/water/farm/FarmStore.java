package vn.cantho.ioc.water.farm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.store.Database;

/**
 * Farms, their ponds and the probes in them. Attaching a probe makes the farm's owner the device's
 * owner, so the one ownership rule of issue 5 ({@code Caller.sees}) keeps deciding who sees it.
 * Blocking JDBC: worker threads only.
 */
public final class FarmStore {
  private static final String POND_COLUMNS =
      "p.id, p.farm_id, f.name, f.owner, p.name, p.profile, p.area_m2, p.polygon::text, p.lon,"
          + " p.lat, p.zone_id, ARRAY(SELECT device_id FROM pond_probes pp WHERE pp.pond_id = p.id"
          + " ORDER BY device_id)";

  private final Database database;

  public FarmStore(Database database) {
    this.database = database;
  }

  /**
   * Creates or renames a farm. A farm never changes owner this way (that would hand every pond and
   * probe of it, with their history, to another farmer): false, and nothing changed, when the farm
   * exists with another owner.
   */
  public boolean putFarm(String id, String owner, String name, String zoneId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO farms (id, owner, name, zone_id) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name,"
                    + " zone_id = EXCLUDED.zone_id WHERE farms.owner = EXCLUDED.owner")) {
      ps.setString(1, id);
      ps.setString(2, owner);
      ps.setString(3, name);
      ps.setString(4, zoneId);
      return ps.executeUpdate() == 1;
    }
  }

  /** The farm's owner, if the farm exists. */
  public Optional<String> ownerOf(String farmId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT owner FROM farms WHERE id = ?")) {
      ps.setString(1, farmId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /**
   * Creates or updates a pond and makes {@code probes} its probes (and the farm owner's devices).
   * The polygon must already be validated ({@link PondPolygon}).
   */
  public void putPond(Pond pond) throws SQLException {
    database.runInTransaction(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO ponds (id, farm_id, name, profile, area_m2, polygon, lon, lat,"
                          + " zone_id) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (id) DO"
                          + " UPDATE SET farm_id = EXCLUDED.farm_id, name = EXCLUDED.name, profile ="
                          + " EXCLUDED.profile, area_m2 = EXCLUDED.area_m2, polygon ="
                          + " EXCLUDED.polygon, lon = EXCLUDED.lon, lat = EXCLUDED.lat, zone_id ="
                          + " EXCLUDED.zone_id");
              PreparedStatement detach =
                  c.prepareStatement("DELETE FROM pond_probes WHERE pond_id = ?");
              PreparedStatement attach =
                  c.prepareStatement(
                      "INSERT INTO pond_probes (device_id, pond_id) VALUES (?, ?)"
                          + " ON CONFLICT (device_id) DO UPDATE SET pond_id = EXCLUDED.pond_id");
              PreparedStatement own =
                  c.prepareStatement(
                      "UPDATE devices SET owner = (SELECT owner FROM farms WHERE id = ?),"
                          + " updated_at = now() WHERE id = ?")) {
            ps.setString(1, pond.id());
            ps.setString(2, pond.farmId());
            ps.setString(3, pond.name());
            ps.setString(4, pond.profile());
            ps.setObject(5, pond.areaM2(), java.sql.Types.DOUBLE);
            ps.setString(6, pond.polygon());
            ps.setDouble(7, pond.lon());
            ps.setDouble(8, pond.lat());
            ps.setString(9, pond.zoneId());
            ps.executeUpdate();
            detach.setString(1, pond.id());
            detach.executeUpdate();
            for (String probe : pond.probes()) {
              attach.setString(1, probe);
              attach.setString(2, pond.id());
              attach.addBatch();
              own.setString(1, pond.farmId());
              own.setString(2, probe);
              own.addBatch();
            }
            attach.executeBatch();
            own.executeBatch();
          }
        });
  }

  public Optional<Pond> pond(String id) throws SQLException {
    List<Pond> found = query("WHERE p.id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The pond a probe measures, if it is in one. */
  public Optional<Pond> pondOf(String deviceId) throws SQLException {
    List<Pond> found =
        query("WHERE p.id = (SELECT pond_id FROM pond_probes WHERE device_id = ?)", deviceId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The species profile of every probe that is in a pond, by device id. */
  public java.util.Map<String, String> profilesByProbe() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pp.device_id, p.profile FROM pond_probes pp JOIN ponds p ON p.id ="
                    + " pp.pond_id");
        ResultSet rs = ps.executeQuery()) {
      java.util.Map<String, String> profiles = new java.util.HashMap<>();
      while (rs.next()) {
        profiles.put(rs.getString(1), rs.getString(2));
      }
      return profiles;
    }
  }

  /** Every pond, by id: the caller filters by what its user may see. */
  public List<Pond> all() throws SQLException {
    return query("");
  }

  private List<Pond> query(String where, String... args) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + POND_COLUMNS
                    + " FROM ponds p JOIN farms f ON f.id = p.farm_id "
                    + where
                    + " ORDER BY p.id")) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Pond> ponds = new ArrayList<>();
        while (rs.next()) {
          ponds.add(
              new Pond(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  (Double) rs.getObject(7),
                  rs.getString(8),
                  rs.getDouble(9),
                  rs.getDouble(10),
                  rs.getString(11),
                  Arrays.asList((String[]) rs.getArray(12).getArray())));
        }
        return ponds;
      }
    }
  }
}
