package vn.cantho.ioc.deploy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.sim.RegistryFile;

/**
 * {@code ioc bench ingest --nodes N [--kill-one]} (issue 19): N {@code ioc server} processes on one
 * embedded PostgreSQL and one broker, in one share group (ADR 0022). The load generator (its own
 * process, as in the single-node bench) offers a fixed rate after a warm-up; with {@code
 * --kill-one} the leader is SIGKILLed a third of the way through, so that both its jobs and its
 * share of the stream must be taken over (the leader adopts a dead member's broker session, and a
 * dead leader must first be succeeded). Then the stored count is awaited until it reaches what the
 * broker acknowledged or stops growing. CPU is read from /proc for every node process and for
 * PostgreSQL; the raw-COPY ceiling is measured at the end of the same run. One JSON line.
 *
 * <p>On one machine this measures what coordination costs and whether nothing is lost or doubled,
 * not scaling: more nodes on the same cores add no cores.
 */
final class MultiNodeBench {
  private static final Logger LOG = LoggerFactory.getLogger(MultiNodeBench.class);
  private static final int METRICS_PER_MESSAGE = 4;
  private static final String SHARE_GROUP = "ioc";

  /** The node JVMs' heap: three of them beside PostgreSQL on a shared machine. */
  private static final List<String> NODE_JVM = List.of("-Xmx1g");

  /** The interval over which idle CPU is measured, between the warm-up and the measured phase. */
  private static final Duration IDLE = Duration.ofSeconds(5);

  /** How long the count may stand still before waiting for it gives up. */
  private static final Duration STALL = Duration.ofSeconds(30);

  /** A step kept up if everything it published was stored within this time after it ended. */
  private static final Duration MAX_DRAIN = Duration.ofSeconds(1);

  /**
   * @param rate offered readings a second in the measured phase
   * @param seconds length of the measured phase
   * @param warmUpSeconds a phase at half the rate before it, not counted (JIT, pools, partitions)
   */
  record Settings(
      int nodes,
      boolean killOne,
      int devices,
      double rate,
      int seconds,
      int warmUpSeconds,
      int connections) {
    Settings {
      if (nodes < 1) {
        throw new IllegalArgumentException("--nodes must be at least 1");
      }
      if (killOne && nodes < 2) {
        throw new IllegalArgumentException("--kill-one needs --nodes 2 or more");
      }
    }
  }

  private final Settings settings;

  MultiNodeBench(Settings settings) {
    this.settings = settings;
  }

  /** Runs the bench in {@code data} (which it fills with a database) and returns its result. */
  Map<String, Object> run(Path data, DemoStack.BrokerStarter brokerStarter) throws Exception {
    Path registry = data.resolve("bench-devices.json");
    RegistryFile.write(registry, BenchCommand.benchDevices(settings.devices()));
    // One token key for every node, made before they race for it.
    SigningSecret.loadOrCreate(data.resolve("jwt-secret"));
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        // Opened first: the schema exists before the nodes start.
        Database control = Database.open(database.config(2));
        MqttBroker broker = brokerStarter.start(data.resolve("broker"), null)) {
      Map<String, Process> nodes = new LinkedHashMap<>();
      try {
        for (int i = 1; i <= settings.nodes(); i++) {
          String id = "ioc-bench-" + i;
          ProcessBuilder pb = new ProcessBuilder(ServerProcess.command(NODE_JVM, registry));
          ServerProcess.environment(pb.environment(), database.config(2), broker.uri(), data, id);
          pb.environment().put("IOC_MQTT_SHARE_GROUP", SHARE_GROUP);
          // The single-node bench's pool; three nodes × (8 + 2) within the server's 50 sessions.
          pb.environment().put("IOC_DB_POOL", "8");
          nodes.put(
              id,
              pb.redirectErrorStream(true)
                  .redirectOutput(data.resolve(id + ".log").toFile())
                  .start());
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map.Entry<String, Process> node : nodes.entrySet()) {
          ports.put(
              node.getKey(),
              ServerProcess.awaitPort(
                  node.getValue(), data.resolve(node.getKey() + ".log"), Duration.ofMinutes(3)));
        }
        try (BenchLoad load =
            BenchLoad.start(
                broker.uri(), settings.devices(), settings.connections(), METRICS_PER_MESSAGE)) {
          return measure(data, control, broker, load, nodes, ports);
        }
      } finally {
        stop(nodes.values());
      }
    }
  }

  private Map<String, Object> measure(
      Path data,
      Database control,
      MqttBroker broker,
      BenchLoad load,
      Map<String, Process> nodes,
      Map<String, Integer> ports)
      throws Exception {
    DataSource ds = control.dataSource();
    String leader = awaitLeader(ds, Duration.ofSeconds(60));
    // Warm-up at half the rate, until everything it published is stored.
    long published = load.run(settings.rate() / 2, settings.warmUpSeconds()).published();
    long stored = awaitCount(ds, published * METRICS_PER_MESSAGE).count();
    System.err.println("bench nodes: warm-up stored " + stored + ", leader " + leader);

    // What the nodes and PostgreSQL spend with nothing to ingest (jobs, leader checks, GC, late JIT
    // work): the fixed part of the CPU per reading below, which a higher rate spreads thinner.
    Path postgresData = data.resolve("postgres");
    long idle0 = nodeCpu(nodes.values());
    long idleDb0 = CpuTime.postgresNanos(postgresData);
    long idleStart = System.nanoTime();
    TimeUnit.SECONDS.sleep(IDLE.toSeconds()); // measuring an idle interval, not waiting for one
    double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
    double idlePct = (nodeCpu(nodes.values()) - idle0) / 1e7 / idleSeconds;
    double idleDbPct = (CpuTime.postgresNanos(postgresData) - idleDb0) / 1e7 / idleSeconds;

    long before = stored;
    long nodeCpu0 = nodeCpu(nodes.values());
    long dbCpu0 = CpuTime.postgresNanos(postgresData);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    Kill kill = null;
    ScheduledFuture<Kill> killing = null;
    BenchLoad.Result run;
    try {
      if (settings.killOne()) {
        // A third of the way through the phase, counted from the generator's start.
        killing =
            timer.schedule(
                () -> kill(ds, data, nodes), settings.seconds() * 1000L / 3, TimeUnit.MILLISECONDS);
      }
      run = load.run(settings.rate(), settings.seconds());
      if (killing != null) {
        kill = killing.get();
      }
    } finally {
      timer.shutdownNow();
    }
    long loadEnd = System.nanoTime();
    published += run.published();
    long expected = published * METRICS_PER_MESSAGE;
    Drain drain = awaitCount(ds, expected);
    long nodeCpu = nodeCpu(nodes.values()) - nodeCpu0 + (kill == null ? 0 : kill.cpuNanos());
    long dbCpu = CpuTime.postgresNanos(postgresData) - dbCpu0;
    stored = drain.count();
    long phaseReadings = stored - before;
    double drainSeconds = Math.max(0, drain.lastGrowth() - loadEnd) / 1e9;
    double storedPerS = phaseReadings / (run.seconds() + drainSeconds);
    long duplicates = duplicateRows(ds);
    double ceiling = BenchCommand.copyCeiling(control, Math.max(200_000, stored));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("nodes", settings.nodes());
    result.put("broker", broker.name());
    result.put("devices", settings.devices());
    result.put("offered_per_s", Math.round(settings.rate()));
    // What the generator got acknowledged: below the offered rate when it or the broker lagged.
    result.put(
        "published_per_s", Math.round(run.published() * METRICS_PER_MESSAGE / run.seconds()));
    result.put("published", published);
    result.put("readings_published", expected);
    result.put("stored", stored);
    result.put("lost", expected - stored);
    result.put("duplicates", duplicates);
    result.put("redelivered", redelivered(nodes.keySet(), ports));
    result.put("stored_per_s", Math.round(storedPerS));
    result.put("drain_ms", Math.round(drainSeconds * 1000));
    result.put("kept_up", drainSeconds <= MAX_DRAIN.toMillis() / 1000.0);
    result.put("ceiling_per_s", Math.round(ceiling));
    result.put("ratio", Math.round(storedPerS / ceiling * 1000) / 1000.0);
    result.put("cpu_us_per_reading", round1(nodeCpu / 1e3 / phaseReadings));
    result.put("db_cpu_us_per_reading", round1(dbCpu / 1e3 / phaseReadings));
    result.put("idle_cpu_pct", round1(idlePct));
    result.put("idle_db_cpu_pct", round1(idleDbPct));
    if (kill != null) {
      result.put("killed", kill.nodeId());
      result.put("killed_leader", kill.nodeId().equals(leader));
      result.put("killed_at_s", round1(settings.seconds() / 3.0));
      result.put("new_leader", kill.newLeader());
      result.put("new_leader_ms", kill.newLeaderMs());
      result.put("picked_up_ms", kill.pickedUpMs());
    }
    return result;
  }

  /** What the kill did: the node, its CPU until then, and how long the others took over. */
  private record Kill(
      String nodeId, long cpuNanos, String newLeader, long newLeaderMs, long pickedUpMs) {}

  /**
   * SIGKILLs the leader (no shutdown hook, no drain, no DISCONNECT: the broker sees its socket go),
   * then watches for another node to lead and for the leader to stand in for the dead node's broker
   * session (its log line), which is when the dead node's share is ingested again.
   */
  private Kill kill(DataSource ds, Path data, Map<String, Process> nodes) throws Exception {
    String victim = ServerProcess.leader(ds);
    if (victim == null || !nodes.containsKey(victim)) {
      victim = nodes.keySet().iterator().next();
    }
    Process process = nodes.get(victim);
    long cpu = CpuTime.processNanos(process.pid());
    process.destroyForcibly().waitFor(); // SIGKILL on Linux
    long killedAt = System.nanoTime();
    System.err.println("bench nodes: SIGKILLed " + victim);
    String newLeader = null;
    long newLeaderMs = -1;
    long pickedUpMs = -1;
    String standIn = "Ingesting as " + victim;
    long deadline = killedAt + Duration.ofSeconds(60).toNanos();
    while ((newLeaderMs < 0 || pickedUpMs < 0) && System.nanoTime() < deadline) {
      if (newLeaderMs < 0) {
        String now = ServerProcess.leader(ds);
        if (now != null && !now.equals(victim)) {
          newLeader = now;
          newLeaderMs = (System.nanoTime() - killedAt) / 1_000_000;
        }
      }
      if (pickedUpMs < 0) {
        for (String id : nodes.keySet()) {
          Path log = data.resolve(id + ".log");
          if (!id.equals(victim) && Files.readString(log).contains(standIn)) {
            pickedUpMs = (System.nanoTime() - killedAt) / 1_000_000;
          }
        }
      }
      // Polling the database and the logs: the nodes give no other signal of a takeover.
      TimeUnit.MILLISECONDS.sleep(50);
    }
    nodes.remove(victim);
    return new Kill(victim, cpu, newLeader, newLeaderMs, pickedUpMs);
  }

  /**
   * Readings the live nodes received again and did not store twice (the unique key caught them: the
   * broker resent what a dead node had not acknowledged), from their health endpoints.
   */
  private static long redelivered(Iterable<String> live, Map<String, Integer> ports)
      throws IOException, InterruptedException {
    long sum = 0;
    HttpClient http = HttpClient.newHttpClient();
    for (String id : live) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + ports.get(id) + "/api/v1/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      sum +=
          new JsonObject(r.body())
              .getJsonObject("components")
              .getJsonObject("ingest")
              .getLong("duplicates");
    }
    return sum;
  }

  private static String awaitLeader(DataSource ds, Duration timeout)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String leader = ServerProcess.leader(ds);
      if (leader != null) {
        return leader;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("no node took the lead within " + timeout);
  }

  private static long nodeCpu(Iterable<Process> nodes) {
    long sum = 0;
    for (Process p : nodes) {
      sum += CpuTime.processNanos(p.pid());
    }
    return sum;
  }

  /** The count reached, and when it last grew (System.nanoTime). */
  private record Drain(long count, long lastGrowth) {}

  /** Until the bench rows reach {@code expected}, or stand still for {@link #STALL}. */
  private static Drain awaitCount(DataSource ds, long expected)
      throws SQLException, InterruptedException {
    long last = -1;
    long lastGrowth = System.nanoTime();
    while (true) {
      long now = benchRows(ds);
      if (now != last) {
        last = now;
        lastGrowth = System.nanoTime();
      }
      if (now >= expected || System.nanoTime() - lastGrowth > STALL.toNanos()) {
        return new Drain(now, lastGrowth);
      }
      // Polling a count: the nodes are other processes.
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static long benchRows(DataSource ds) throws SQLException {
    return count(ds, "SELECT count(*) FROM readings WHERE device_id LIKE 'bench-%'");
  }

  private static long duplicateRows(DataSource ds) throws SQLException {
    return count(
        ds,
        "SELECT count(*) - count(DISTINCT (device_id, metric, ts)) FROM readings"
            + " WHERE device_id LIKE 'bench-%'");
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** SIGTERM to every node at once, then SIGKILL to any still running after 20 s. */
  private static void stop(java.util.Collection<Process> nodes) {
    nodes.forEach(Process::destroy);
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (Process p : nodes) {
      waits.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                  }
                } catch (InterruptedException e) {
                  p.destroyForcibly();
                  Thread.currentThread().interrupt();
                }
              }));
    }
    waits.forEach(CompletableFuture::join);
    LOG.debug("bench nodes stopped");
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
