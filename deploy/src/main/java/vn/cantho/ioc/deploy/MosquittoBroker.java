package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vn.cantho.ioc.adapters.mqtt.TopicAcl;
import vn.cantho.ioc.core.auth.DeviceGrant;

/**
 * Debian's mosquitto as a child process, on loopback, with its own config and on-disk persistence
 * in a folder of ours. Used where a broker outside the node's JVM is wanted: the ingest benchmark
 * (so the broker's CPU is not charged to the node) and the tests that prove the adapter against a
 * second broker.
 */
final class MosquittoBroker implements MqttBroker {
  static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");
  static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");
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
    return start(home, port, tls, List.of());
  }

  /**
   * A client mosquitto lets in, with what its credential grants (docs/commands.md): the same topic
   * rules as the embedded broker ({@link TopicAcl}), written as mosquitto's acl_file.
   */
  record Account(String username, String password, DeviceGrant grant) {}

  /**
   * @param accounts when not empty, only these clients may sign in (password_file, hashed by
   *     mosquitto_passwd) and each may publish and subscribe only where its grant allows
   *     (acl_file); empty lets anyone in anywhere, as the ingest benchmark wants
   */
  static MosquittoBroker start(Path home, int port, PemIdentity tls, List<Account> accounts)
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
        %s
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
                accounts.isEmpty() ? "allow_anonymous true" : accessControl(home, accounts),
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

  /** Writes the password and ACL files and returns the configuration lines that use them. */
  private static String accessControl(Path home, List<Account> accounts)
      throws IOException, InterruptedException {
    Path passwords = home.resolve("passwords");
    StringBuilder plain = new StringBuilder();
    StringBuilder acl = new StringBuilder();
    for (Account a : accounts) {
      plain.append(a.username()).append(':').append(a.password()).append('\n');
      acl.append("user ").append(a.username()).append('\n');
      for (String filter : TopicAcl.publishFilters(a.grant())) {
        acl.append("topic write ").append(filter).append('\n');
      }
      for (String filter : TopicAcl.subscribeFilters(a.grant())) {
        acl.append("topic read ").append(filter).append('\n');
      }
    }
    Files.writeString(passwords, plain);
    // -U hashes the plain-text passwords of the file in place.
    Process hash =
        new ProcessBuilder(PASSWD.toString(), "-U", passwords.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("mosquitto_passwd.out").toFile())
            .start();
    if (!hash.waitFor(30, TimeUnit.SECONDS) || hash.exitValue() != 0) {
      throw new IOException(
          "mosquitto_passwd -U failed; see " + home.resolve("mosquitto_passwd.out"));
    }
    Path aclFile = home.resolve("acl");
    Files.writeString(aclFile, acl);
    return "allow_anonymous false\npassword_file "
        + passwords.toAbsolutePath()
        + "\nacl_file "
        + aclFile.toAbsolutePath();
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
