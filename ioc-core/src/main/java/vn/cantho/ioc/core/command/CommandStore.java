package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.Page;

/** The {@code commands} and {@code device_twins} tables. Blocking JDBC: never on an event loop. */
public final class CommandStore {
  private static final String COLUMNS =
      "SELECT id, command_id, batch_id, target, device_id, zone_id, action, params::text,"
          + " requested_by, origin, status, detail, transport, created_at, deadline, sent_at,"
          + " ended_at FROM commands";

  /**
   * Moves a command that is still open: pending to anything, sent to a final status. A final status
   * is never overwritten, so a late answer or a second timeout cannot rewrite history.
   */
  private static final String TRANSITION =
      "UPDATE commands SET status = ?, detail = COALESCE(?, detail),"
          + " transport = COALESCE(?, transport),"
          + " sent_at = CASE WHEN ? THEN COALESCE(sent_at, ?) ELSE sent_at END,"
          + " ended_at = CASE WHEN ? THEN ? ELSE ended_at END"
          + " WHERE command_id = ? AND (status = 'pending' OR (status = 'sent' AND ?))";

  private final Database database;

  public CommandStore(Database database) {
    this.database = database;
  }

  void insert(Connection c, List<Command> commands) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO commands (command_id, batch_id, target, device_id, zone_id, action,"
                + " params, requested_by, origin, status, created_at, deadline)"
                + " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)")) {
      for (Command cmd : commands) {
        ps.setObject(1, cmd.id());
        ps.setObject(2, cmd.batchId());
        ps.setString(3, cmd.target());
        ps.setString(4, cmd.deviceId());
        ps.setString(5, cmd.zoneId());
        ps.setString(6, cmd.action());
        ps.setString(7, cmd.params().encode());
        ps.setString(8, cmd.requestedBy());
        ps.setString(9, cmd.origin().code());
        ps.setString(10, cmd.status().code());
        ps.setTimestamp(11, Timestamp.from(cmd.createdAt()));
        ps.setTimestamp(12, Timestamp.from(cmd.deadline()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  void saveTwins(Connection c, List<Twin> twins) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO device_twins (device_id, action, params, desired, command_id, set_at,"
                + " set_by) VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)"
                + " ON CONFLICT (device_id) DO UPDATE SET action = EXCLUDED.action,"
                + " params = EXCLUDED.params, desired = EXCLUDED.desired,"
                + " command_id = EXCLUDED.command_id, set_at = EXCLUDED.set_at,"
                + " set_by = EXCLUDED.set_by")) {
      for (Twin t : twins) {
        ps.setString(1, t.deviceId());
        ps.setString(2, t.action());
        ps.setString(3, t.params().encode());
        ps.setString(4, new JsonObject(new HashMap<>(t.desired())).encode());
        ps.setObject(5, t.commandId());
        ps.setTimestamp(6, Timestamp.from(t.setAt()));
        ps.setString(7, t.setBy());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A twin as stored, with the status of the command behind its desired state. */
  record StoredTwin(Twin twin, CommandStatus status) {}

  Map<String, StoredTwin> loadTwins() throws SQLException {
    Map<String, StoredTwin> twins = new HashMap<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT t.device_id, t.action, t.params::text, t.desired::text, t.command_id,"
                    + " t.set_at, t.set_by, c.status FROM device_twins t"
                    + " LEFT JOIN commands c ON c.command_id = t.command_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, Double> desired = new HashMap<>();
        new JsonObject(rs.getString(4))
            .forEach(e -> desired.put(e.getKey(), ((Number) e.getValue()).doubleValue()));
        Twin twin =
            new Twin(
                rs.getString(1),
                desired,
                rs.getString(2),
                new JsonObject(rs.getString(3)),
                rs.getObject(5, UUID.class),
                rs.getTimestamp(6).toInstant(),
                rs.getString(7));
        String status = rs.getString(8);
        twins.put(
            twin.deviceId(),
            new StoredTwin(twin, status == null ? null : CommandStatus.fromCode(status)));
      }
    }
    return twins;
  }

  /** Ends what a previous run of the node left open: it can no longer follow those commands. */
  int endUnfinished(Instant now, String detail) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE commands SET status = 'timed_out', detail = ?, ended_at = ?"
                    + " WHERE status IN ('pending', 'sent')")) {
      ps.setString(1, detail);
      ps.setTimestamp(2, Timestamp.from(now));
      return ps.executeUpdate();
    }
  }

  /** Applies transitions in one transaction; returns those that moved a still-open command. */
  List<Transition> apply(List<Transition> transitions) throws SQLException {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(TRANSITION)) {
            for (Transition t : transitions) {
              boolean ends = t.status().isFinal();
              Timestamp at = Timestamp.from(t.at());
              ps.setString(1, t.status().code());
              ps.setString(2, t.detail());
              ps.setString(3, t.transport());
              // A device's answer may overtake the SENT callback: it was sent when it was
              // answered. A command that timed out or failed before leaving was never sent.
              boolean reachedDevice =
                  t.status() == CommandStatus.SENT
                      || t.status() == CommandStatus.ACKNOWLEDGED
                      || t.status() == CommandStatus.REJECTED;
              ps.setBoolean(4, reachedDevice);
              ps.setTimestamp(5, at);
              ps.setBoolean(6, ends);
              ps.setTimestamp(7, at);
              ps.setObject(8, t.id());
              ps.setBoolean(9, ends);
              ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Transition> applied = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] > 0) {
                applied.add(transitions.get(i));
              }
            }
            return applied;
          }
        });
  }

  public Optional<Command> find(UUID id) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE command_id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /**
   * A page of commands, newest first.
   *
   * @param zones when not null, only commands to devices in these zones (a commune operator's)
   * @param devices when not null, only commands to these devices (an owner's)
   */
  public Page<Command> list(
      CursorPaging page,
      String deviceId,
      UUID batchId,
      CommandStatus status,
      List<String> zones,
      List<String> devices)
      throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                COLUMNS
                    + " WHERE (CAST(? AS text) IS NULL OR device_id = ?)"
                    + " AND (CAST(? AS uuid) IS NULL OR batch_id = ?)"
                    + " AND (CAST(? AS text) IS NULL OR status = ?)"
                    + " AND (CAST(? AS text[]) IS NULL OR zone_id = ANY (?))"
                    + " AND (CAST(? AS text[]) IS NULL OR device_id = ANY (?)) AND "
                    + CursorPaging.NEWEST_FIRST)) {
      ps.setString(1, deviceId);
      ps.setString(2, deviceId);
      ps.setObject(3, batchId, Types.OTHER);
      ps.setObject(4, batchId, Types.OTHER);
      String code = status == null ? null : status.code();
      ps.setString(5, code);
      ps.setString(6, code);
      setArray(c, ps, 7, zones);
      setArray(c, ps, 9, devices);
      page.bind(ps, 11);
      try (ResultSet rs = ps.executeQuery()) {
        List<Command> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return page.page(out, Command::seq);
      }
    }
  }

  private static void setArray(Connection c, PreparedStatement ps, int index, List<String> values)
      throws SQLException {
    java.sql.Array array = values == null ? null : c.createArrayOf("text", values.toArray());
    ps.setArray(index, array);
    ps.setArray(index + 1, array);
  }

  /** How a batch's commands stand, or empty for a batch nobody issued. */
  public Optional<CommandBatch> batch(UUID batchId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT min(target), status, count(*) FROM commands WHERE batch_id = ?"
                    + " GROUP BY status")) {
      ps.setObject(1, batchId);
      try (ResultSet rs = ps.executeQuery()) {
        Map<CommandStatus, Integer> counts = new EnumMap<>(CommandStatus.class);
        String target = null;
        while (rs.next()) {
          target = rs.getString(1);
          counts.put(CommandStatus.fromCode(rs.getString(2)), rs.getInt(3));
        }
        return target == null
            ? Optional.empty()
            : Optional.of(new CommandBatch(batchId, target, counts));
      }
    }
  }

  /** The zones a batch's devices stood in, to check a caller may see it. */
  public List<String> batchZones(UUID batchId) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT DISTINCT zone_id FROM commands WHERE batch_id = ?")) {
      ps.setObject(1, batchId);
      try (ResultSet rs = ps.executeQuery()) {
        List<String> zones = new ArrayList<>();
        while (rs.next()) {
          zones.add(rs.getString(1));
        }
        return zones;
      }
    }
  }

  private static Command read(ResultSet rs) throws SQLException {
    return new Command(
        rs.getLong(1),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        new JsonObject(rs.getString(8)),
        rs.getString(9),
        CommandOrigin.fromCode(rs.getString(10)),
        CommandStatus.fromCode(rs.getString(11)),
        rs.getString(12),
        rs.getString(13),
        instant(rs.getTimestamp(14)),
        instant(rs.getTimestamp(15)),
        instant(rs.getTimestamp(16)),
        instant(rs.getTimestamp(17)));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
