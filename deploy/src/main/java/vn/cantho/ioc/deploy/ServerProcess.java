package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import vn.cantho.ioc.core.cluster.Leadership;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * {@code ioc server} as a child process of this JVM, on the same Java and classpath (the jar when
 * run from it): how the cluster and crash tests and {@code ioc bench ingest --nodes N} start their
 * nodes, wait for them, and find which one leads.
 */
final class ServerProcess {
  private static final Pattern LIVE_MAP = Pattern.compile("Live map: http://localhost:(\\d+)/");

  private ServerProcess() {}

  /**
   * The command line of a node on loopback, any HTTP port, registering the devices of {@code
   * registry}.
   */
  static List<String> command(List<String> jvmOptions, Path registry) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of("server", "--host", "127.0.0.1", "--port", "0", "--registry", registry.toString()));
    return command;
  }

  /**
   * The environment of a node on the given database and broker, keeping its PKI and token key in
   * {@code data}.
   */
  static void environment(
      Map<String, String> env, DatabaseConfig db, String brokerUri, Path data, String nodeId) {
    env.put("IOC_DB_URL", db.jdbcUrl());
    env.put("IOC_DB_USER", db.user());
    env.put("IOC_DB_PASSWORD", db.password());
    env.put("IOC_MQTT_URI", brokerUri);
    env.put("IOC_NODE_ID", nodeId);
    env.put("IOC_PKI_DIR", data.resolve("pki").toString());
    env.put("IOC_JWT_SECRET_FILE", data.resolve("jwt-secret").toString());
  }

  /**
   * The node's HTTP port, once its log (stdout and stderr) announces the live map.
   *
   * @throws IllegalStateException if the node stops or is not up within {@code timeout}
   */
  static int awaitPort(Process node, Path log, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Files.exists(log)) {
        Matcher m = LIVE_MAP.matcher(Files.readString(log));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
      if (!node.isAlive()) {
        throw new IllegalStateException("node stopped at start: " + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node not up within " + timeout + ": " + tail(log));
      }
      // Polling its log: a child process gives no other signal that it is up.
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** The last 4,000 characters of a node's log, for an error message. */
  static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    String text = Files.readString(log);
    return text.substring(Math.max(0, text.length() - 4_000));
  }

  /**
   * The id of the node whose leadership session holds the leader lock, or null.
   *
   * @throws IllegalStateException if two sessions hold it
   */
  static String leader(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
                    + " WHERE l.locktype = 'advisory' AND l.granted"
                    + " AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1")) {
      ps.setLong(1, Leadership.LEADER_KEY >>> 32);
      ps.setLong(2, Leadership.LEADER_KEY & 0xffffffffL);
      try (ResultSet rs = ps.executeQuery()) {
        String found = rs.next() ? rs.getString(1) : null;
        if (rs.next()) {
          throw new IllegalStateException("two sessions hold the leader lock");
        }
        return found == null ? null : found.substring(found.indexOf(':') + 1);
      }
    }
  }
}
