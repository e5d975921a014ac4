package vn.cantho.ioc.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server settings that make a returned commit survive a power loss or an OS crash, not only a
 * killed process. Ingest acknowledges a device's message once its commit returns (ADR 0003), so
 * with any of these off an acknowledged reading can vanish.
 */
public record Durability(String fsync, String synchronousCommit, String fullPageWrites) {

  /** Reads the settings the server runs with now. */
  public static Durability read(Database database) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('full_page_writes')")) {
      rs.next();
      return new Durability(rs.getString(1), rs.getString(2), rs.getString(3));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database's durability settings", e);
    }
  }

  /**
   * True when a returned commit is on disk. Every {@code synchronous_commit} level but {@code off}
   * ({@code local}, {@code on}, {@code remote_write}, {@code remote_apply}) waits for the local WAL
   * flush.
   */
  public boolean safe() {
    return fsync.equals("on") && fullPageWrites.equals("on") && !synchronousCommit.equals("off");
  }

  @Override
  public String toString() {
    return "fsync="
        + fsync
        + " synchronous_commit="
        + synchronousCommit
        + " full_page_writes="
        + fullPageWrites;
  }
}
