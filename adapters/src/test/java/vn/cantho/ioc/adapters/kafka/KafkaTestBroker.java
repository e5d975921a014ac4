package vn.cantho.ioc.adapters.kafka;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker for tests: one KRaft node (broker and controller in one), the {@code
 * kafka_2.13} artifact from Maven Central, run as a child JVM on the test's classpath so that it
 * can be killed and keeps its heap apart (256 MiB, serial GC: it shares a small machine).
 */
public final class KafkaTestBroker implements AutoCloseable {
  private final Process process;
  private final String bootstrap;
  private final Path log;

  private KafkaTestBroker(Process process, String bootstrap, Path log) {
    this.process = process;
    this.bootstrap = bootstrap;
    this.log = log;
  }

  /** Formats a log directory under {@code dir} and starts the broker; waits until it answers. */
  public static KafkaTestBroker start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = freePort();
    int controllerPort = freePort();
    Path config = dir.resolve("server.properties");
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("logs").toString());
    p.put("auto.create.topics.enable", "false");
    // One broker: every internal topic has one replica, and few partitions start faster.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.min.session.timeout.ms", "1000");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("log.flush.interval.messages", "1000000");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, "test broker");
    }
    Path log = dir.resolve("kafka.log");
    String clusterId = Uuid.randomUuid().toString();
    Process format =
        java(
                List.of(
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    clusterId,
                    "-c",
                    config.toString(),
                    "--ignore-formatted"),
                dir.resolve("format.log"))
            .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException(
          "kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
    }
    Process broker = java(List.of("kafka.Kafka", config.toString()), log).start();
    KafkaTestBroker started = new KafkaTestBroker(broker, "127.0.0.1:" + port, log);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (!broker.isAlive()) {
                  throw new IllegalStateException("kafka stopped: " + Files.readString(log));
                }
                try (Admin admin = started.admin()) {
                  return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                  return false;
                }
              });
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private static ProcessBuilder java(List<String> mainAndArgs, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms64m",
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:ActiveProcessorCount=2",
            "-cp",
            System.getProperty("java.class.path")));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
  }

  public String bootstrap() {
    return bootstrap;
  }

  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000));
  }

  /** Creates a topic with the given partitions, one replica. */
  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
