package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.sim.SimulatorFleet;

/**
 * The embedded stack: PostgreSQL, MQTT broker, one IOC node and optionally the simulators, started
 * in data-flow order and stopped in reverse. Used by {@code ioc demo} and the end-to-end tests.
 */
final class DemoStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStack.class);

  private final EmbeddedDatabase database;
  private final EmbeddedBroker broker;
  private final IocServer server;
  private final SimulatorFleet fleet;
  private final int httpPort;

  private DemoStack(
      EmbeddedDatabase database,
      EmbeddedBroker broker,
      IocServer server,
      SimulatorFleet fleet,
      int httpPort) {
    this.database = database;
    this.broker = broker;
    this.server = server;
    this.fleet = fleet;
    this.httpPort = httpPort;
  }

  static DemoStack start(Path data, String host, int httpPort, int mqttPort, boolean simulators)
      throws Exception {
    return start(data, host, httpPort, mqttPort, simulators, DemoCommand.ensureRegistry(data));
  }

  static DemoStack start(
      Path data, String host, int httpPort, int mqttPort, boolean simulators, Path registry)
      throws Exception {
    long t0 = System.nanoTime();
    EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
    EmbeddedBroker broker = null;
    IocServer server = null;
    try {
      broker = EmbeddedBroker.start(data.resolve("broker"), mqttPort);
      server =
          new IocServer(
              new ServerSettings(
                  database.config(8),
                  broker.uri(),
                  null,
                  null,
                  host,
                  httpPort,
                  registry,
                  "ioc-demo"));
      int port = server.start();
      SimulatorFleet fleet =
          simulators ? DemoCommand.startSimulators(registry, broker.uri()) : null;
      LOG.info("Embedded stack up in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return new DemoStack(database, broker, server, fleet, port);
    } catch (Exception | Error e) {
      closeAll(null, server, broker, database);
      throw e;
    }
  }

  int httpPort() {
    return httpPort;
  }

  String mqttUri() {
    return broker.uri();
  }

  IocServer server() {
    return server;
  }

  @Override
  public void close() {
    closeAll(fleet, server, broker, database);
  }

  private static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", part.getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
