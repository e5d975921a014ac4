package vn.cantho.ioc.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.Page;

/**
 * Appends to {@code audit_log}: who did what, to what, from where. The table refuses updates and
 * deletes (a trigger), so an entry once written stays. Blocking JDBC: worker threads only.
 */
public final class AuditLog {
  /**
   * The longest actor or target kept; a longer one (a hostile path, a made-up user name) is cut, so
   * what an unauthenticated or low-privilege caller can write costs bounded space per row.
   */
  public static final int MAX_FIELD_LENGTH = 256;

  private final Database database;

  public AuditLog(Database database) {
    this.database = database;
  }

  /**
   * @param actor the user (or {@code cli:<os user>} for the command line)
   * @param action e.g. {@code user.add}, {@code login.failed}
   * @param target what it was done to, e.g. a user name; null if nothing
   * @param sourceIp where the request came from; null for the command line
   */
  public void record(String actor, String action, String target, String sourceIp)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO audit_log (actor, action, target, source_ip) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, clip(actor));
      ps.setString(2, action);
      ps.setString(3, clip(target));
      ps.setString(4, clip(sourceIp));
      ps.executeUpdate();
    }
  }

  /** The value cut to {@link #MAX_FIELD_LENGTH} characters, marked with an ellipsis. */
  public static String clip(String value) {
    if (value == null || value.length() <= MAX_FIELD_LENGTH) {
      return value;
    }
    int end = MAX_FIELD_LENGTH - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never half a character
    }
    return value.substring(0, end) + "…";
  }

  /** One page of the entries, newest first, optionally only one actor's or one action's. */
  public Page<AuditEntry> list(CursorPaging page, String actor, String action) throws SQLException {
    return page.query(
        database,
        "SELECT id, at, actor, action, target, source_ip FROM audit_log",
        List.of(new CursorPaging.Equals("actor", actor), new CursorPaging.Equals("action", action)),
        rs ->
            new AuditEntry(
                rs.getLong(1),
                rs.getTimestamp(2).toInstant(),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6)),
        AuditEntry::id);
  }
}
