package vn.cantho.ioc.sharing.webhook;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.store.Database;

/** The registered webhooks. A removed one is kept inactive, so its delivery log stays readable. */
public final class Webhooks {
  private static final String COLUMNS = "id, url, datasets, zones, created_by, created_at, active";

  private final Database database;

  public Webhooks(Database database) {
    this.database = database;
  }

  public Webhook add(
      String url,
      List<String> datasets,
      List<String> zones,
      String sealedSecret,
      String createdBy,
      Instant at)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO sharing_webhooks (url, datasets, zones, secret_box, created_by,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING "
                    + COLUMNS)) {
      ps.setString(1, url);
      ps.setArray(2, c.createArrayOf("text", datasets.toArray()));
      ps.setArray(3, zones == null ? null : c.createArrayOf("text", zones.toArray()));
      ps.setString(4, sealedSecret);
      ps.setString(5, createdBy);
      ps.setTimestamp(6, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return read(rs);
      }
    }
  }

  public List<Webhook> all() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM sharing_webhooks ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      List<Webhook> out = new ArrayList<>();
      while (rs.next()) {
        out.add(read(rs));
      }
      return out;
    }
  }

  public Optional<Webhook> find(long id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM sharing_webhooks WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Stops it hearing anything new and fails what it had not yet received; true when it was active.
   */
  public boolean deactivate(long id) throws SQLException {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE sharing_webhooks SET active = false WHERE id = ? AND active");
              PreparedStatement pending =
                  c.prepareStatement(
                      "UPDATE sharing_deliveries SET state = 'failed',"
                          + " last_detail = 'webhook removed' WHERE webhook_id = ?"
                          + " AND state = 'pending'")) {
            ps.setLong(1, id);
            if (ps.executeUpdate() == 0) {
              return false;
            }
            pending.setLong(1, id);
            pending.executeUpdate();
            return true;
          }
        });
  }

  private static Webhook read(ResultSet rs) throws SQLException {
    return new Webhook(
        rs.getLong("id"),
        rs.getString("url"),
        texts(rs.getArray("datasets")),
        rs.getArray("zones") == null ? null : texts(rs.getArray("zones")),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getBoolean("active"));
  }

  private static List<String> texts(Array a) throws SQLException {
    return Arrays.asList((String[]) a.getArray());
  }
}
