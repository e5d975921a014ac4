package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jars as shipped (run by failsafe after {@code package}): the launcher's jar carries the
 * natives of this platform only, and the production jar has no embedded database, broker or
 * simulator, yet runs a node on its own.
 */
class PackagingIT {
  private static final Path LAUNCHER_JAR = Path.of("target", "ioc.jar");
  private static final Path SERVER_JAR = Path.of("target", "ioc-server.jar");
  private static final long MAX_LAUNCHER_BYTES = 120L * 1024 * 1024;

  @Test
  void theLaunchersJarShipsOnlyThisPlatformsNatives() throws IOException {
    assertThat(Files.size(LAUNCHER_JAR)).isLessThanOrEqualTo(MAX_LAUNCHER_BYTES);
    List<String> entries = entries(LAUNCHER_JAR);
    assertThat(entries).contains("postgres-linux-x86_64.txz", "librocksdbjni-linux64.so");
    assertThat(entries)
        .noneMatch(e -> e.startsWith("postgres-") && !e.equals("postgres-linux-x86_64.txz"))
        .noneMatch(e -> e.startsWith("librocksdbjni-") && !e.equals("librocksdbjni-linux64.so"))
        .noneMatch(e -> e.startsWith("com/sun/jna/win32-") || e.startsWith("com/sun/jna/darwin-"));
  }

  @Test
  void theServerJarHoldsNoEmbeddedDatabaseBrokerOrSimulator() throws IOException {
    assertThat(entries(SERVER_JAR))
        .contains("vn/cantho/ioc/deploy/IocServer.class")
        .noneMatch(
            e ->
                e.startsWith("io/zonky/")
                    || e.startsWith("postgres-")
                    || e.startsWith("com/hivemq/")
                    || e.startsWith("org/rocksdb/")
                    || e.startsWith("librocksdbjni")
                    || e.startsWith("vn/cantho/ioc/sim/"));
  }

  @Test
  void theServerJarRunsANodeOnItsOwn() throws Exception {
    Path data = TestDirs.create("ioc-server-jar");
    OneDevice device = OneDevice.register(data, 21);
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
        EmbeddedBroker broker =
            EmbeddedBroker.start(data.resolve("broker"), DemoStack.freePort())) {
      ProcessBuilder pb =
          java(
              "server",
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--registry",
              device.registry().toString());
      TestNodes.serverEnvironment(
          pb.environment(), database.config(1), broker.uri(), data, "ioc-server-jar");
      Path log = data.resolve("node.log");
      Process node = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> {
                  assertThat(node.isAlive()).as("node running; log: %s", log).isTrue();
                  return Files.readString(log).contains("Live map:");
                });
        node.destroy(); // SIGTERM: the same orderly stop as the demo's
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
      } finally {
        node.destroyForcibly().waitFor();
      }
      assertThat(Files.readString(log)).doesNotContain("NoClassDefFoundError", " ERROR ");
    }
  }

  @Test
  void theServerJarSaysWhereTheDemoIs() throws Exception {
    Process demo =
        java("demo", "--data", TestDirs.create("ioc-no-demo").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(demo.exitValue()).isEqualTo(2);
    assertThat(output).contains("this is ioc-server.jar").contains("need ioc.jar");
  }

  private static ProcessBuilder java(String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                SERVER_JAR.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).toList();
    }
  }
}
