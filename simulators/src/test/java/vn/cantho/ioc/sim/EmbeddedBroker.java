package vn.cantho.ioc.sim;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/** A real MQTT broker (HiveMQ CE) inside the test JVM, listening on a free local port. */
final class EmbeddedBroker implements AutoCloseable {
  private final EmbeddedHiveMQ hivemq;
  private final int port;

  private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  static EmbeddedBroker start(Path dir) throws IOException {
    return start(dir, freePort());
  }

  static EmbeddedBroker start(Path dir, int port) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("ext"));
    Files.writeString(
        dir.resolve("config.xml"),
        "<hivemq><listeners><tcp-listener><port>"
            + port
            + "</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>"
            + "<anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>"
            + "</hivemq>");
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(dir)
            .withDataFolder(dir.resolve("data"))
            .withExtensionsFolder(dir.resolve("ext"))
            .withoutLoggingBootstrap()
            .build();
    hivemq.start().join();
    return new EmbeddedBroker(hivemq, port);
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    hivemq.stop().join();
    try {
      hivemq.close();
    } catch (ExecutionException e) {
      throw new IllegalStateException("broker did not shut down cleanly", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
