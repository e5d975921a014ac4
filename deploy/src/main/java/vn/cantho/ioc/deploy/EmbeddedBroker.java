package vn.cantho.ioc.deploy;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A real MQTT 5 broker (HiveMQ Community Edition, embedded) with file persistence in a folder of
 * ours, so queued QoS 1 messages and sessions survive a restart. Listens on loopback only.
 */
final class EmbeddedBroker implements AutoCloseable {
  private final EmbeddedHiveMQ hivemq;
  private final int port;

  private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  static EmbeddedBroker start(Path home, int port) throws IOException {
    Path data = Files.createDirectories(home.resolve("data"));
    Path extensions = Files.createDirectories(home.resolve("extensions"));
    Files.writeString(
        home.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
          </listeners>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port));
    // HiveMQ reconfigures logging from its own folder; give it ours so its INFO chatter stays
    // quiet.
    try (InputStream logback = EmbeddedBroker.class.getResourceAsStream("/logback.xml")) {
      if (logback != null) {
        Files.copy(logback, home.resolve("logback.xml"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    EmbeddedHiveMQ hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(home)
            .withDataFolder(data)
            .withExtensionsFolder(extensions)
            .build();
    hivemq.start().join();
    return new EmbeddedBroker(hivemq, port);
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    hivemq.stop().join();
    hivemq.close();
  }
}
