package vn.cantho.ioc.opendata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The projection takes away what is no longer published, and only that, and brings a changed device
 * to its streams.
 */
@ExtendWith(PostgresExtension.class)
class ProjectionTest {
  private static final List<String> TABLES =
      List.of("sta_things", "sta_locations", "sta_features", "sta_datastreams");

  @Test
  void aDeviceOrMetricNoLongerPublishedLeavesEverythingElseStaysAndARenameReachesItsStreams(
      Database db) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    Device kept = lamp("lamp-kept-" + run);
    Device dropped = lamp("lamp-dropped-" + run);
    PublicData lighting = new PublicData(Set.of("lighting"), Set.of(), Set.of(), Set.of());
    try (StaNode node = new StaNode(db, lighting, List.of(kept, dropped), "gw-" + run)) {
      Map<String, Integer> keptBefore = rows(db, kept);
      assertEquals(rows(db, dropped), keptBefore, "both lamps projected alike");
      assertEquals(1, keptBefore.get("sta_things"));

      new Projection(db, lighting).sync(List.of(kept), node.kit.catalog());
      assertEquals(keptBefore, rows(db, kept));
      assertEquals(
          Map.of("sta_things", 0, "sta_locations", 0, "sta_features", 0, "sta_datastreams", 0),
          rows(db, dropped));

      PublicData withoutDim = new PublicData(Set.of("lighting"), Set.of(), Set.of(), Set.of("dim"));
      new Projection(db, withoutDim).sync(List.of(kept), node.kit.catalog());
      assertEquals(keptBefore.get("sta_datastreams") - 1, rows(db, kept).get("sta_datastreams"));
      assertEquals(0, streams(db, kept, "dim"));
      assertEquals(1, streams(db, kept, "power"));

      Device renamed =
          new Device(
              kept.id(), Domain.LIGHTING, "streetlight", "Đèn mới", 105.77, 10.03, "31120", 300);
      new Projection(db, withoutDim).sync(List.of(renamed), node.kit.catalog());
      assertEquals(List.of("Đèn mới – Công suất"), streamNames(db, kept, "power"));
    }
  }

  private static List<String> streamNames(Database db, Device d, String metric) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT name FROM sta_datastreams WHERE device_id = ? AND metric = ?")) {
      ps.setString(1, d.id());
      ps.setString(2, metric);
      List<String> names = new java.util.ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  private static Device lamp(String id) {
    return new Device(id, Domain.LIGHTING, "streetlight", "Đèn " + id, 105.77, 10.03, "31120", 300);
  }

  private static Map<String, Integer> rows(Database db, Device d) throws Exception {
    Map<String, Integer> rows = new LinkedHashMap<>();
    try (Connection c = db.dataSource().getConnection()) {
      for (String table : TABLES) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM " + table + " WHERE device_id = ?")) {
          ps.setString(1, d.id());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            rows.put(table, rs.getInt(1));
          }
        }
      }
    }
    return rows;
  }

  private static int streams(Database db, Device d, String metric) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM sta_datastreams WHERE device_id = ? AND metric = ?")) {
      ps.setString(1, d.id());
      ps.setString(2, metric);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
