package vn.cantho.ioc.sharing.feed;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.core.store.Database;

/** Reads the feed: events after an id, oldest first, within a zone scope. */
public final class EventLog {
  private final Database database;

  public EventLog(Database database) {
    this.database = database;
  }

  /**
   * @param zones only events of these zones, or null for all
   * @param dataset only this dataset's, or null for all
   */
  public List<FeedEvent> after(long afterId, List<String> zones, String dataset, int limit)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, dataset, type, at, zone_id, owner, data FROM sharing_events"
                    + " WHERE id > ? AND (CAST(? AS text[]) IS NULL OR zone_id = ANY(CAST(? AS"
                    + " text[]))) AND (CAST(? AS text) IS NULL OR dataset = ?)"
                    + " ORDER BY id LIMIT ?")) {
      java.sql.Array z = zones == null ? null : c.createArrayOf("text", zones.toArray());
      ps.setLong(1, afterId);
      ps.setArray(2, z);
      ps.setArray(3, z);
      ps.setString(4, dataset);
      ps.setString(5, dataset);
      ps.setInt(6, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<FeedEvent> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    }
  }

  /** The event on the result's current row ({@code sharing_events}' columns by name). */
  public static FeedEvent read(ResultSet rs) throws SQLException {
    return new FeedEvent(
        rs.getLong("id"),
        rs.getString("dataset"),
        rs.getString("type"),
        rs.getTimestamp("at").toInstant(),
        rs.getString("zone_id"),
        rs.getString("owner"),
        new JsonObject(rs.getString("data")));
  }
}
