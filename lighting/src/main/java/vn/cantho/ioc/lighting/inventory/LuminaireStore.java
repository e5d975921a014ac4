package vn.cantho.ioc.lighting.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.store.Database;

/**
 * The luminaires, in the database and in memory. They come from the device registry file, whose
 * lighting devices carry {@code attributes}: {@code ratedPowerW}, {@code lampType}, {@code
 * cabinet}, {@code circuit}, {@code street} (docs/lighting.md, "Inventory").
 */
public final class LuminaireStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database database;
  private final Map<String, Luminaire> byDevice = new ConcurrentHashMap<>();

  public LuminaireStore(Database database) {
    this.database = database;
  }

  public void load() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT device_id, cabinet_id, circuit, street, lamp_type, rated_power_w"
                    + " FROM lighting_luminaires");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Luminaire l =
            new Luminaire(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getDouble(6));
        byDevice.put(l.deviceId(), l);
      }
    }
  }

  public Optional<Luminaire> find(String deviceId) {
    return Optional.ofNullable(byDevice.get(deviceId));
  }

  public Collection<Luminaire> all() {
    return byDevice.values();
  }

  /**
   * The lighting devices of a registry file that carry a rated power, as luminaires.
   *
   * @throws IOException when the file cannot be read or is not a registry file
   */
  public static List<Luminaire> readRegistryFile(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode devices = root.isArray() ? root : root.path("devices");
    if (!devices.isArray()) {
      throw new IOException(file + ": no devices array");
    }
    List<Luminaire> out = new ArrayList<>();
    for (JsonNode d : devices) {
      JsonNode a = d.path("attributes");
      if (!"lighting".equals(d.path("domain").asText()) || !a.path("ratedPowerW").isNumber()) {
        continue;
      }
      out.add(
          new Luminaire(
              d.path("id").asText(),
              text(a, "cabinet"),
              a.path("circuit").asInt(0),
              text(a, "street"),
              text(a, "lampType"),
              a.path("ratedPowerW").asDouble()));
    }
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isTextual() ? v.asText() : null;
  }

  /** Adds or replaces luminaires of registered devices; returns how many were stored. */
  public int upsert(List<Luminaire> luminaires) throws SQLException {
    int stored =
        database.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO lighting_luminaires (device_id, cabinet_id, circuit, street,"
                          + " lamp_type, rated_power_w) SELECT ?, ?, ?, ?, ?, ?"
                          + " WHERE EXISTS (SELECT 1 FROM devices WHERE id = ?)"
                          + " ON CONFLICT (device_id) DO UPDATE SET cabinet_id ="
                          + " EXCLUDED.cabinet_id, circuit = EXCLUDED.circuit, street ="
                          + " EXCLUDED.street, lamp_type = EXCLUDED.lamp_type, rated_power_w ="
                          + " EXCLUDED.rated_power_w")) {
                for (Luminaire l : luminaires) {
                  ps.setString(1, l.deviceId());
                  ps.setString(2, l.cabinetId());
                  if (l.circuit() > 0) {
                    ps.setInt(3, l.circuit());
                  } else {
                    ps.setNull(3, Types.INTEGER);
                  }
                  ps.setString(4, l.street());
                  ps.setString(5, l.lampType());
                  ps.setDouble(6, l.ratedPowerW());
                  ps.setString(7, l.deviceId());
                  ps.addBatch();
                }
                int n = 0;
                for (int count : ps.executeBatch()) {
                  n += Math.max(count, 0);
                }
                return n;
              }
            });
    byDevice.clear();
    load();
    return stored;
  }
}
