package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.sim.SimulatorFleet;
import vn.cantho.ioc.sim.opcua.StationDevices;
import vn.cantho.ioc.sim.opcua.StationSimulatorServer;

/**
 * The embedded stack: PostgreSQL, MQTT broker, one IOC node and optionally the simulators, started
 * in data-flow order and stopped in reverse. Used by {@code ioc demo} and the end-to-end tests.
 */
final class DemoStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStack.class);

  private final EmbeddedDatabase database;
  private final MqttBroker broker;
  private final StationSimulatorServer station;
  private final IocServer server;
  private final SimulatorFleet fleet;
  private final int httpPort;

  private DemoStack(
      EmbeddedDatabase database,
      MqttBroker broker,
      StationSimulatorServer station,
      IocServer server,
      SimulatorFleet fleet,
      int httpPort) {
    this.database = database;
    this.broker = broker;
    this.station = station;
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
    return start(
        data, host, httpPort, simulators, registry, home -> EmbeddedBroker.start(home, mqttPort));
  }

  /** Starts the broker in {@code data/broker} with the given starter. */
  static DemoStack start(
      Path data,
      String host,
      int httpPort,
      boolean simulators,
      Path registry,
      BrokerStarter brokerStarter)
      throws Exception {
    long t0 = System.nanoTime();
    EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
    MqttBroker broker = null;
    StationSimulatorServer station = null;
    IocServer server = null;
    try {
      broker = brokerStarter.start(data.resolve("broker"));
      Path opcuaMapping = null;
      if (simulators) {
        station =
            StationSimulatorServer.start(freePort(), data.resolve("opcua-sim"), Clock.systemUTC());
        opcuaMapping = data.resolve("opcua-mapping.json");
        StationDevices.writeMapping(opcuaMapping, station.endpointUrl(), "Basic256Sha256");
      }
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
                  opcuaMapping,
                  data.resolve("pki"),
                  "ioc-demo",
                  null));
      int port = server.start();
      SimulatorFleet fleet =
          simulators ? DemoCommand.startSimulators(registry, broker.uri()) : null;
      LOG.info("Embedded stack up in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return new DemoStack(database, broker, station, server, fleet, port);
    } catch (Exception | Error e) {
      closeAll(server, station, broker, database);
      throw e;
    }
  }

  /** Starts a broker whose files live in the given folder. */
  @FunctionalInterface
  interface BrokerStarter {
    MqttBroker start(Path home) throws Exception;
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  int httpPort() {
    return httpPort;
  }

  String mqttUri() {
    return broker.uri();
  }

  MqttBroker broker() {
    return broker;
  }

  IocServer server() {
    return server;
  }

  @Override
  public void close() {
    closeAll(fleet, server, station, broker, database);
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
