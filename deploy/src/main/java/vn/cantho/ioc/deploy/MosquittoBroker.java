package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto as a child process, on loopback, with its own config and on-disk persistence
 * in a folder of ours. Used where a broker outside the node's JVM is wanted: the ingest benchmark
 * (so the broker's CPU is not charged to the node) and the tests that prove the adapter against a
 * second broker.
 */
final class MosquittoBroker implements MqttBroker {
  static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final int port;
  private final boolean tls;

  private MosquittoBroker(Process process, int port, boolean tls) {
    this.process = process;
    this.port = port;
    this.tls = tls;
  }

  static boolean installed() {
    return Files.isExecutable(EXECUTABLE);
  }

  /** A server certificate and its key, PEM files, for a TLS listener. */
  record PemIdentity(Path certificate, Path key) {}

  static MosquittoBroker start(Path home, int port) throws IOException, InterruptedException {
    return start(home, port, null);
  }

  /**
   * @param tls when given, the listener speaks MQTT over TLS only ({@code ssl://}); null for plain
   *     TCP
   */
  static MosquittoBroker start(Path home, int port, PemIdentity tls)
      throws IOException, InterruptedException {
    if (!installed()) {
      throw new IOException(EXECUTABLE + " not found (apt-get install mosquitto)");
    }
    Files.createDirectories(home);
    Path config = home.resolve("mosquitto.conf");
    // Same queue bound as the embedded broker: mosquitto drops QoS 1 messages beyond
    // max_queued_messages (default 1,000) without telling the publisher. Started as root it
    // would switch to the user "mosquitto", which cannot write our folder: stay who we are.
    Files.writeString(
        config,
        """
        user %s
        listener %d 127.0.0.1
        %s
        allow_anonymous true
        persistence true
        persistence_location %s/
        autosave_interval 60
        max_queued_messages 2000000
        log_dest file %s
        """
            .formatted(
                System.getProperty("user.name"),
                port,
                tls == null
                    ? ""
                    : "certfile "
                        + tls.certificate().toAbsolutePath()
                        + "\nkeyfile "
                        + tls.key().toAbsolutePath(),
                home.toAbsolutePath(),
                home.resolve("mosquitto.log").toAbsolutePath()));
    Process process =
        new ProcessBuilder(EXECUTABLE.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("mosquitto.out").toFile())
            .start();
    MosquittoBroker broker = new MosquittoBroker(process, port, tls != null);
    try {
      broker.awaitListening();
    } catch (IOException | InterruptedException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("mosquitto exited at start with code " + process.exitValue());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IOException("mosquitto did not listen on 127.0.0.1:" + port, notYet);
        }
        // process.waitFor doubles as a short, interruptible pause that ends early on exit
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public String name() {
    return "mosquitto";
  }

  @Override
  public String uri() {
    return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
  }

  /** SIGTERM: mosquitto writes its persistence file and exits. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
