package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * What the cluster tests share: {@code ioc server} nodes as processes of their own, who leads,
 * counts on the database, a signed-in API client and the alert checks.
 */
final class ClusterNodes {
  private ClusterNodes() {}

  /** No alert raised twice: one open per rule and device, one "raised" event per alert. */
  static void assertNoAlertTwice(DataSource ds) throws SQLException {
    assertThat(
            count(
                ds,
                "SELECT count(*) FROM (SELECT 1 FROM alerts WHERE state IN"
                    + " ('raised', 'acknowledged') GROUP BY feature, rule_key, device_id"
                    + " HAVING count(*) > 1) d"))
        .isZero();
    assertThat(
            count(
                ds,
                "SELECT count(*) FROM (SELECT alert_id FROM alert_events WHERE"
                    + " kind = 'raised' GROUP BY alert_id HAVING count(*) > 1) d"))
        .isZero();
  }

  static Map<String, Double> allEqual(List<String> ids, double value) {
    Map<String, Double> all = new LinkedHashMap<>();
    ids.forEach(id -> all.put(id, value));
    return all;
  }

  /** The node whose leadership session holds the leader lock, or null. */
  static String leader(DataSource ds) throws SQLException {
    return ServerProcess.leader(ds);
  }

  static long count(DataSource ds, String aggregateOrQuery) throws SQLException {
    String sql =
        aggregateOrQuery.startsWith("SELECT")
            ? aggregateOrQuery
            : "SELECT " + aggregateOrQuery + " FROM readings WHERE metric IN ('do', 'ph')";
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static ApiClient signIn(int port, char[] password) throws Exception {
    HttpResponse<String> r =
        new ApiClient(port)
            .post(
                "/api/v1/auth/token",
                "application/json",
                new io.vertx.core.json.JsonObject()
                    .put("username", "cluster.operator")
                    .put("password", new String(password))
                    .encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = ApiClient.JSON.readTree(r.body());
    return new ApiClient(port).withToken(body.path("access_token").asText());
  }

  static int awaitPort(Process node, Path log) throws IOException, InterruptedException {
    return ServerProcess.awaitPort(node, log, Duration.ofSeconds(90));
  }

  /** A node in its own JVM, logging to {@code <data>/<nodeId>.log}; {@code env} comes on top. */
  static Process startNode(
      Path data,
      DatabaseConfig db,
      String mqtt,
      Path registry,
      String nodeId,
      Map<String, String> env)
      throws IOException {
    // Starts faster; the test is not about peak speed.
    List<String> command =
        ServerProcess.command(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), registry);
    ProcessBuilder pb = new ProcessBuilder(command);
    TestNodes.serverEnvironment(pb.environment(), db, mqtt, data, nodeId);
    pb.environment().put("IOC_CLUSTER_LEADER_CHECK_SECONDS", "2");
    pb.environment().put("IOC_DB_POOL", "8"); // three nodes within the test server's 50 sessions
    pb.environment().putAll(env);
    return pb.redirectErrorStream(true)
        .redirectOutput(data.resolve(nodeId + ".log").toFile())
        .start();
  }
}
