package vn.cantho.ioc.deploy;

import java.nio.file.Path;

/** Settings of a test node on a given database and broker: loopback, any HTTP port, no OPC UA. */
final class TestNodes {
  private TestNodes() {}

  static ServerSettings settings(
      EmbeddedDatabase database, String brokerUri, Path registry, Path data, String nodeId) {
    return new ServerSettings(
        database.config(4),
        brokerUri,
        null,
        null,
        "127.0.0.1",
        0,
        registry,
        null,
        data.resolve("pki"),
        nodeId,
        null);
  }
}
