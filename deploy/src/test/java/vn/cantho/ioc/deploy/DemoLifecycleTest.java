package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ioc demo} as an operator runs it, in a process of its own with the simulators: killed with
 * SIGKILL it leaves its PostgreSQL running, and the next start on the same data still comes up at
 * the first try; SIGTERM stops it in the reverse order of start, within 5 s and without an error.
 */
class DemoLifecycleTest {
  /** The bound for a clean stop of the whole demo. */
  private static final long STOP_SECONDS = 5;

  @Test
  void aKilledDemoStartsAgainAtOnceAndStopsCleanlyOnSigterm() throws Exception {
    Path dir = TestDirs.create("ioc-demo-life");
    Path data = dir.resolve("data");

    Process first = startDemo(data, dir.resolve("first.log"));
    awaitRunning(first, dir.resolve("first.log"));
    await().atMost(Duration.ofSeconds(60)).until(() -> storedReadings(data) > 0);
    long storedBeforeKill = storedReadings(data);
    first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no orderly stop
    long orphan = postmasterPid(data);
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
        .as("the killed demo's PostgreSQL is left running")
        .contains(true);

    Path log = dir.resolve("second.log");
    Process second = startDemo(data, log);
    try {
      awaitRunning(second, log);
      assertThat(Files.readString(log)).contains("left running on");
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(storedReadings(data)).isGreaterThanOrEqualTo(storedBeforeKill);

      second.destroy(); // SIGTERM
      assertThat(second.waitFor(STOP_SECONDS, TimeUnit.SECONDS))
          .as("stopped within %d s", STOP_SECONDS)
          .isTrue();
      assertThat(second.exitValue()).isZero();
    } finally {
      second.destroyForcibly().waitFor();
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).noneMatch(line -> line.contains(" ERROR "));
    List<String> afterStop = lines.subList(indexOf(lines, "SIGTERM: shutting down"), lines.size());
    // Our own parts stop without a warning; the simulated station's Milo server may still log its
    // own diagnostics noise as its session goes.
    assertThat(afterStop).noneMatch(line -> line.contains(" WARN  v.c.i."));
    assertThat(afterStop).anyMatch(line -> line.contains("Stopped in"));
    assertThat(data.resolve("postgres/postmaster.pid")).doesNotExist();
  }

  private static Process startDemo(Path data, Path log) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "demo",
            "--data",
            data.toString(),
            "--port",
            Integer.toString(TestStack.freePort()),
            "--mqtt-port",
            Integer.toString(TestStack.freePort()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Up, with the simulators publishing and the OPC UA station subscribed. */
  private static void awaitRunning(Process demo, Path log) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              assertThat(demo.isAlive()).as("demo running; its log: %s", log).isTrue();
              String text = Files.readString(log);
              return text.contains("Live map:") && text.contains("OPC UA subscribed to");
            });
  }

  /**
   * Readings in the running demo's database, reached as an operator would: the port from {@code
   * postmaster.pid} (its fourth line), the password from the file beside the data folder.
   */
  private static long storedReadings(Path data) throws Exception {
    List<String> pid = Files.readAllLines(data.resolve("postgres/postmaster.pid"));
    String password =
        Files.readString(EmbeddedDatabase.passwordFile(data.resolve("postgres"))).strip();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + pid.get(3).strip() + "/postgres",
                "postgres",
                password);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long postmasterPid(Path data) throws IOException {
    return Long.parseLong(
        Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).strip());
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with '" + text + "'");
  }
}
