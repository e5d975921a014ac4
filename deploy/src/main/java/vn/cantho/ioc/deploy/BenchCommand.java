package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import vn.cantho.ioc.sim.LoadGenerator;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.SimDevice;

/**
 * {@code ioc bench ingest}: the ingest benchmark of issue 4. One fresh embedded stack; a load
 * generator in a separate process publishes through the real broker (4 metrics per message), first
 * as fast as the broker acknowledges (sustained rate), then at half that rate (latency); finally
 * raw JDBC COPY of the same kind of rows into the same table gives the ceiling. Prints one JSON
 * line.
 */
final class BenchCommand {
  private static final int METRICS_PER_MESSAGE = 4;
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Pattern PUBLISHED = Pattern.compile("\"published\":(\\d+)");

  private BenchCommand() {}

  static void run(List<String> args) throws Exception {
    Options o =
        Options.parse(args, Set.of(), Set.of("devices", "seconds", "half-seconds", "connections"));
    if (o.positional().size() != 1 || !o.positional().get(0).equals("ingest")) {
      throw new IllegalArgumentException("usage: bench ingest [--devices N] [--seconds S]");
    }
    int devices = o.getInt("devices", 10_000);
    int seconds = o.getInt("seconds", 30);
    int halfSeconds = o.getInt("half-seconds", 20);
    String connections = String.valueOf(o.getInt("connections", 8));
    Path data = Files.createTempDirectory("ioc-bench");
    Path registry = data.resolve("bench-devices.json");
    RegistryFile.write(registry, benchDevices(devices));
    try (DemoStack stack =
        DemoStack.start(data, "127.0.0.1", 0, DemoStack.freePort(), false, registry)) {
      IocServer server = stack.server();
      // Phase 1: as fast as the broker takes it; the sustained rate excludes the warm-up.
      Process full = generator(stack.mqttUri(), devices, 0, seconds, connections);
      long t0 = System.nanoTime();
      waitNanos(t0 + WARM_UP.toNanos());
      long storedAtWarmUp = server.ingestStats().stored();
      long warmUpEnd = System.nanoTime();
      long published = published(full);
      long storedAtEnd = server.ingestStats().stored();
      double storedPerS = (storedAtEnd - storedAtWarmUp) / ((System.nanoTime() - warmUpEnd) / 1e9);
      // Phase 2: half the sustained rate; latency from the rows committed in this window.
      double halfRate = storedPerS / 2 / METRICS_PER_MESSAGE;
      Instant halfStart = Instant.now();
      published +=
          published(generator(stack.mqttUri(), devices, halfRate, halfSeconds, connections));
      Instant halfEnd = Instant.now();
      long expected = published * METRICS_PER_MESSAGE;
      long stored = awaitStored(server, expected);
      double[] latency = latencyMs(server, halfStart, halfEnd);
      long duplicateRows = duplicateRows(server);
      double ceiling = copyCeiling(server, Math.max(200_000, storedAtEnd));
      Map<String, Object> result = new java.util.LinkedHashMap<>();
      result.put("devices", devices);
      result.put("published", published);
      result.put("readings_published", expected);
      result.put("stored", stored);
      result.put("lost", expected - stored);
      result.put("duplicates", duplicateRows);
      result.put("redelivered", server.ingestStats().duplicates());
      result.put("stored_per_s", Math.round(storedPerS));
      result.put("latency_rate_per_s", Math.round(halfRate * METRICS_PER_MESSAGE));
      result.put("latency_p50_ms", Math.round(latency[0]));
      result.put("latency_p99_ms", Math.round(latency[1]));
      result.put("ceiling_per_s", Math.round(ceiling));
      result.put("ratio", Math.round(storedPerS / ceiling * 1000) / 1000.0);
      System.out.println(new io.vertx.core.json.JsonObject(result).encode());
    }
  }

  private static List<SimDevice> benchDevices(int n) {
    List<SimDevice> list = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      // All at Bến Ninh Kiều: placement does not matter to ingest.
      list.add(
          new SimDevice(
              String.format(Locale.ROOT, "bench-%05d", i),
              "water",
              "shrimp_pond",
              "Bench " + i,
              105.7774,
              10.0331,
              60,
              Map.of()));
    }
    return list;
  }

  private static Process generator(
      String broker, int devices, double rate, int seconds, String connections) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            LoadGenerator.class.getName(),
            "--broker",
            broker,
            "--devices",
            String.valueOf(devices),
            "--rate",
            String.format(Locale.ROOT, "%.1f", rate),
            "--seconds",
            String.valueOf(seconds),
            "--connections",
            connections)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static long published(Process generator) throws IOException, InterruptedException {
    String out = new String(generator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!generator.waitFor(10, TimeUnit.MINUTES) || generator.exitValue() != 0) {
      throw new IllegalStateException("load generator failed: " + out);
    }
    Matcher m = PUBLISHED.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("load generator printed no result: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  /** Waits until the pipeline has stored what was published, or stops making progress. */
  private static long awaitStored(IocServer server, long expected)
      throws InterruptedException, SQLException {
    long last = -1;
    long stableSince = System.nanoTime();
    while (true) {
      long now = benchRows(server);
      if (now >= expected) {
        return now;
      }
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofSeconds(30).toNanos()) {
        return now;
      }
      waitNanos(System.nanoTime() + Duration.ofMillis(500).toNanos());
    }
  }

  private static long benchRows(IocServer server) throws SQLException {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM readings WHERE device_id LIKE 'bench-%'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long duplicateRows(IocServer server) throws SQLException {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) - count(DISTINCT (device_id, metric, ts)) FROM readings WHERE device_id LIKE 'bench-%'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * p50 and p99 of commit time minus publish time for readings published in the window. The row's
   * {@code received_at} is its transaction's start, which the short COPY transaction commits right
   * after.
   */
  private static double[] latencyMs(IocServer server, Instant from, Instant to)
      throws SQLException {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)"
                    + " FROM (SELECT extract(epoch FROM received_at - ts) * 1000 AS lag FROM readings"
                    + " WHERE device_id LIKE 'bench-%' AND ts >= ? AND ts < ?) l")) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new double[] {rs.getDouble(1), rs.getDouble(2)};
      }
    }
  }

  /** Raw COPY of the same row shape into the same table, in 50,000-row transactions. */
  private static double copyCeiling(IocServer server, long rows) throws SQLException, IOException {
    final int batch = 50_000;
    Instant base = Instant.now().minusSeconds(3_600);
    long written = 0;
    long start = System.nanoTime();
    try (Connection c = server.database().dataSource().getConnection()) {
      c.setAutoCommit(false);
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      while (written < rows) {
        StringBuilder text = new StringBuilder(batch * 64);
        for (int i = 0; i < batch; i++, written++) {
          text.append("ceiling-")
              .append(written % 10_000)
              .append('\t')
              .append("do")
              .append('\t')
              .append(base.plusNanos(written * 1_000))
              .append('\t')
              .append(5 + (written % 100) / 100.0)
              .append("\t0\tbench\n");
        }
        copy.copyIn(
            "COPY readings (device_id, metric, ts, value, quality, source) FROM STDIN",
            new StringReader(text.toString()));
        c.commit();
      }
    }
    return written / ((System.nanoTime() - start) / 1e9);
  }

  private static void waitNanos(long until) throws InterruptedException {
    long left = until - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
