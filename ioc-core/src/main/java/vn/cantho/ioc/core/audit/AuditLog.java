package vn.cantho.ioc.core.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import vn.cantho.ioc.core.store.Database;

/**
 * Appends to {@code audit_log}: who did what, to what, from where. The table refuses updates and
 * deletes (a trigger), so an entry once written stays. Blocking JDBC: worker threads only.
 */
public final class AuditLog {
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
      ps.setString(1, actor);
      ps.setString(2, action);
      ps.setString(3, target);
      ps.setString(4, sourceIp);
      ps.executeUpdate();
    }
  }
}
