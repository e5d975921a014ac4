package vn.cantho.ioc.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.geo.GeoJsonZones;
import vn.cantho.ioc.geo.Zone;

/**
 * Zones in the database, so every node serves the same layer and an imported city layer survives
 * restarts. Stored as one GeoJSON document per zone. Blocking JDBC: worker threads only.
 */
public final class ZoneStore {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Database database;

  public ZoneStore(Database database) {
    this.database = database;
  }

  /** Replaces the whole zone layer in one transaction. */
  public void replace(ZoneLayer layer) throws SQLException {
    List<Zone> zones = layer.zones();
    try {
      database.runInTransaction(
          c -> {
            try (Statement s = c.createStatement();
                PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO zones (id, name, type, name_en, properties, geometry)"
                            + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))")) {
              s.execute("DELETE FROM zones");
              for (Zone z : zones) {
                var feature = feature(z);
                ps.setString(1, z.id());
                ps.setString(2, z.name());
                ps.setString(3, z.type());
                ps.setString(4, z.nameEn());
                ps.setString(5, feature.path("properties").toString());
                ps.setString(6, feature.path("geometry").toString());
                ps.addBatch();
              }
              ps.executeBatch();
              try (PreparedStatement meta =
                  c.prepareStatement(
                      "INSERT INTO zone_layer (id, source, attribution) VALUES (1, ?, ?)"
                          + " ON CONFLICT (id) DO UPDATE SET source = EXCLUDED.source,"
                          + " attribution = EXCLUDED.attribution, imported_at = now()")) {
                meta.setString(1, layer.source());
                meta.setString(2, layer.attribution());
                meta.executeUpdate();
              }
            }
          });
    } catch (RuntimeException e) {
      throw new SQLException("zone import failed", e);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode feature(Zone z) throws SQLException {
    try {
      return MAPPER.readTree(GeoJsonZones.write(List.of(z), Map.of())).path("features").get(0);
    } catch (java.io.IOException e) {
      throw new SQLException("zone import failed", e);
    }
  }

  /** The stored layer, or empty when none was imported yet. */
  public java.util.Optional<ZoneLayer> load() throws SQLException {
    List<Zone> zones = loadZones();
    if (zones.isEmpty()) {
      return java.util.Optional.empty();
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT source, attribution FROM zone_layer");
        ResultSet rs = ps.executeQuery()) {
      return java.util.Optional.of(
          rs.next()
              ? new ZoneLayer(zones, rs.getString(1), rs.getString(2))
              : new ZoneLayer(zones, "unknown", ""));
    }
  }

  private List<Zone> loadZones() throws SQLException {
    StringBuilder collection = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    int n = 0;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id, properties, geometry FROM zones ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (n++ > 0) {
          collection.append(',');
        }
        collection
            .append("{\"type\":\"Feature\",\"id\":")
            .append(MAPPER.valueToTree(rs.getString(1)).toString())
            .append(",\"properties\":")
            .append(rs.getString(2))
            .append(",\"geometry\":")
            .append(rs.getString(3))
            .append('}');
      }
    }
    if (n == 0) {
      return List.of();
    }
    return GeoJsonZones.read(collection.append("]}").toString());
  }
}
