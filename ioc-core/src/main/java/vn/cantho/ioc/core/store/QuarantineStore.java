package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import vn.cantho.ioc.core.reading.Rejected;

/** Keeps rejected input with its reason and raw bytes. Blocking JDBC: worker threads only. */
public final class QuarantineStore {
  private static final String INSERT =
      "INSERT INTO quarantine (received_at, source, topic, device_id, reason, raw)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private final Database database;

  public QuarantineStore(Database database) {
    this.database = database;
  }

  public void write(List<Rejected> rejected) throws SQLException {
    if (rejected.isEmpty()) {
      return;
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Rejected r : rejected) {
        ps.setTimestamp(1, Timestamp.from(r.receivedAt()));
        ps.setString(2, r.source());
        ps.setString(3, r.topic());
        ps.setString(4, r.deviceId());
        ps.setString(5, r.reason());
        ps.setBytes(6, r.raw());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * One page of the quarantined items, newest first, optionally only those of one source or device.
   */
  public Page<QuarantinedItem> list(CursorPaging page, String source, String deviceId)
      throws SQLException {
    return page.query(
        database,
        "SELECT id, received_at, source, topic, device_id, reason, raw FROM quarantine",
        List.of(
            new CursorPaging.Equals("source", source),
            new CursorPaging.Equals("device_id", deviceId)),
        rs ->
            new QuarantinedItem(
                rs.getLong(1),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getBytes(7)),
        QuarantinedItem::id);
  }

  public long count() throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM quarantine");
        var rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
