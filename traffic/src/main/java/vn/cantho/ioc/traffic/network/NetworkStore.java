package vn.cantho.ioc.traffic.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import vn.cantho.ioc.core.store.Database;

/**
 * The imported road network, kept as the corridor file it came from: checked whole by {@link
 * CorridorFile} before it replaces the one in use, so a bad file changes nothing.
 */
public final class NetworkStore {
  private final Database database;

  public NetworkStore(Database database) {
    this.database = database;
  }

  /**
   * Replaces the network with the file's.
   *
   * @throws CorridorFile.InvalidCorridorFile naming every problem; nothing is stored then
   */
  public RoadNetwork replace(String geojson, String importedBy) throws SQLException {
    RoadNetwork network = parse(geojson);
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO traffic_network (id, geojson, imported_by) VALUES (1, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET geojson = excluded.geojson,"
                      + " imported_at = now(), imported_by = excluded.imported_by")) {
            ps.setString(1, geojson);
            ps.setString(2, importedBy);
            ps.executeUpdate();
          }
          return null;
        });
    return network;
  }

  /** The network in use, if one was imported. */
  public Optional<RoadNetwork> load() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT geojson FROM traffic_network");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.empty();
    }
  }

  /** The bundled demo corridor file: seven of Can Tho's main roads and bridges, no devices. */
  public static String demoFile() {
    try (InputStream in = NetworkStore.class.getResourceAsStream("demo-corridors.geojson")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bundled demo network. */
  public static RoadNetwork demo() {
    return parse(demoFile());
  }

  private static RoadNetwork parse(String geojson) {
    try {
      return CorridorFile.read(geojson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
