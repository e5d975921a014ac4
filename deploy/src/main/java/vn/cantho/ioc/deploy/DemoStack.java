package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.notify.NotificationSettings;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.sim.SimulatorFleet;
import vn.cantho.ioc.sim.opcua.StationDevices;
import vn.cantho.ioc.sim.opcua.StationSimulatorServer;

/**
 * The embedded stack: PostgreSQL, MQTT broker, one IOC node and optionally the simulators, started
 * in data-flow order and stopped in reverse. Used by {@code ioc demo} and the end-to-end tests.
 */
final class DemoStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoStack.class);

  /**
   * The ingest node's broker user and client id (kind node: subscribes to uplinks, publishes
   * nothing).
   */
  static final String NODE_USER = "ioc-demo";

  /** The simulators' broker user, a gateway for every device; their client ids are sim:…. */
  static final String SIMULATOR_GATEWAY = "sim";

  private final EmbeddedDatabase database;
  private final Database control;
  private final DeviceCredentials credentials;
  private final MqttBroker broker;
  private final StationSimulatorServer station;
  private final IocServer server;
  private final SimulatorFleet fleet;
  private final SimulatorFleet extraFleet;
  private final DemoPhone phone;
  private final int httpPort;
  private final Path data;

  private DemoStack(
      EmbeddedDatabase database,
      Database control,
      DeviceCredentials credentials,
      MqttBroker broker,
      StationSimulatorServer station,
      IocServer server,
      SimulatorFleet fleet,
      SimulatorFleet extraFleet,
      DemoPhone phone,
      int httpPort,
      Path data) {
    this.extraFleet = extraFleet;
    this.phone = phone;
    this.database = database;
    this.control = control;
    this.credentials = credentials;
    this.broker = broker;
    this.station = station;
    this.server = server;
    this.fleet = fleet;
    this.httpPort = httpPort;
    this.data = data;
  }

  static DemoStack start(Path data, String host, int httpPort, int mqttPort, boolean simulators)
      throws Exception {
    return start(data, host, httpPort, mqttPort, simulators, DemoCommand.ensureRegistry(data));
  }

  static DemoStack start(
      Path data, String host, int httpPort, int mqttPort, boolean simulators, Path registry)
      throws Exception {
    return start(
        data,
        host,
        httpPort,
        simulators,
        registry,
        (home, auth) -> EmbeddedBroker.start(home, mqttPort, auth));
  }

  /**
   * Starts the broker in {@code data/broker} with the given starter. The ingest node and the
   * simulators get credentials of their own, new at every start.
   */
  static DemoStack start(
      Path data,
      String host,
      int httpPort,
      boolean simulators,
      Path registry,
      BrokerStarter brokerStarter)
      throws Exception {
    return start(
        data, host, httpPort, simulators, registry, brokerStarter, FeatureHost.installed());
  }

  /** With the given features instead of those on the classpath (a benchmark keeps its own). */
  static DemoStack start(
      Path data,
      String host,
      int httpPort,
      boolean simulators,
      Path registry,
      BrokerStarter brokerStarter,
      List<IocFeature> features)
      throws Exception {
    return start(
        data,
        host,
        httpPort,
        simulators,
        registry,
        brokerStarter,
        features,
        EmbeddedDatabase.RETENTION_DAYS);
  }

  /**
   * Keeping {@code retentionDays} of readings instead of the demo's 30: a benchmark whose data time
   * is a month long past (the flood bench's October) must be able to ingest it.
   */
  static DemoStack start(
      Path data,
      String host,
      int httpPort,
      boolean simulators,
      Path registry,
      BrokerStarter brokerStarter,
      List<IocFeature> features,
      int retentionDays)
      throws Exception {
    return start(
        data, host, httpPort, simulators, registry, brokerStarter, features, retentionDays, 0);
  }

  /**
   * The demo with {@code extraDevices} synthetic devices besides the registry's ({@code ioc demo
   * --devices N}, issue 17; {@link ExtraDevices}), simulated too when {@code simulators} is true.
   * For a test at city scale: {@code DemoStack.start(data, "127.0.0.1", 0, freePort(), false,
   * registry, 100_000)}.
   */
  static DemoStack start(
      Path data,
      String host,
      int httpPort,
      int mqttPort,
      boolean simulators,
      Path registry,
      int extraDevices)
      throws Exception {
    return start(
        data,
        host,
        httpPort,
        simulators,
        registry,
        (home, auth) -> EmbeddedBroker.start(home, mqttPort, auth),
        FeatureHost.installed(),
        EmbeddedDatabase.RETENTION_DAYS,
        extraDevices);
  }

  static DemoStack start(
      Path data,
      String host,
      int httpPort,
      boolean simulators,
      Path registry,
      BrokerStarter brokerStarter,
      List<IocFeature> features,
      int retentionDays,
      int extraDevices)
      throws Exception {
    long t0 = System.nanoTime();
    EmbeddedDatabase database = EmbeddedDatabase.start(data.resolve("postgres"));
    MqttBroker broker = null;
    StationSimulatorServer station = null;
    IocServer server = null;
    SimulatorFleet extraFleet = null;
    Database control = null;
    DemoPhone phone = null;
    try {
      phone = DemoPhone.start();
      control = Database.open(database.config(2));
      // Before the node loads its registry, so it and every feature start knowing them.
      ExtraDevices extra = extraDevices > 0 ? ExtraDevices.register(control, extraDevices) : null;
      DeviceCredentials credentials = new DeviceCredentials(control);
      String nodeSecret = credentials.issue(NODE_USER, DeviceGrant.Kind.NODE, List.of(), false);
      broker = brokerStarter.start(data.resolve("broker"), new BrokerAuthExtension(credentials));
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
                  database.config(8, retentionDays),
                  broker.uri(),
                  NODE_USER,
                  nodeSecret.toCharArray(),
                  host,
                  httpPort,
                  registry,
                  opcuaMapping,
                  data.resolve("pki"),
                  NODE_USER,
                  null,
                  ServerSecurity.local(SigningSecret.loadOrCreate(data.resolve("jwt-secret"))),
                  demoNotifications(phone),
                  false),
              features);
      int port = server.start();
      broker.handUplinksTo(server.uplinkIntake());
      SimulatorFleet fleet = null;
      if (simulators) {
        String secret =
            credentials.issue(SIMULATOR_GATEWAY, DeviceGrant.Kind.GATEWAY, List.of(), true);
        fleet =
            DemoCommand.startSimulators(
                registry, broker.uri(), SIMULATOR_GATEWAY, secret.toCharArray());
        if (extra != null) {
          try {
            extraFleet = extra.simulate(broker.uri(), SIMULATOR_GATEWAY, secret.toCharArray());
          } catch (RuntimeException | Error e) {
            closeAll(fleet);
            throw e;
          }
        }
      }
      LOG.info("Embedded stack up in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return new DemoStack(
          database,
          control,
          credentials,
          broker,
          station,
          server,
          fleet,
          extraFleet,
          phone,
          port,
          data);
    } catch (Exception | Error e) {
      closeAll(server, station, broker, control, database, phone);
      throw e;
    }
  }

  /**
   * Providers from the environment; without an SMS gateway there, the demo phone takes SMS, and
   * webhooks may call this machine.
   */
  private static NotificationSettings demoNotifications(DemoPhone phone) {
    return NotificationSettings.fromEnv(System.getenv()).forDemo(phone.uri());
  }

  /** Starts a broker whose files live in the given folder. */
  @FunctionalInterface
  interface BrokerStarter {
    /**
     * @param auth device sign-in and topic permissions for an embedded broker; a starter may leave
     *     them out (the benchmark's load generator signs in to nothing)
     */
    MqttBroker start(Path home, BrokerAuthExtension auth) throws Exception;
  }

  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The folder of its database, broker files and token key. */
  Path data() {
    return data;
  }

  int httpPort() {
    return httpPort;
  }

  String mqttUri() {
    return broker.uri();
  }

  /** Issues and rotates device credentials (tests sign their devices in with these). */
  DeviceCredentials credentials() {
    return credentials;
  }

  MqttBroker broker() {
    return broker;
  }

  IocServer server() {
    return server;
  }

  /**
   * Stops in the reverse order of the data flow, doing at once what does not depend on each other:
   * the devices and the node (the node drains and acknowledges what it took; what devices publish
   * meanwhile waits in the node's broker session), then the OPC UA station the node was reading,
   * then the broker beside the database.
   */
  @Override
  public void close() {
    // Uplinks go back to the node's broker session, where they wait for the next start; those
    // already taken reach the node or stay in the broker's journal.
    broker.handUplinksTo(null);
    closeTogether(fleet, extraFleet, server);
    closeAll(station);
    closeTogether(broker, () -> closeAll(control, database), phone);
  }

  private static void closeTogether(AutoCloseable... parts) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (AutoCloseable part : parts) {
      if (part != null) {
        stops.add(
            CompletableFuture.runAsync(
                () -> closeAll(part), task -> new Thread(task, "ioc-stop-part").start()));
      }
    }
    stops.forEach(CompletableFuture::join);
  }

  private static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        long t0 = System.nanoTime();
        part.close();
        LOG.debug(
            "Stopped {} in {} ms",
            part.getClass().getSimpleName(),
            (System.nanoTime() - t0) / 1_000_000);
      } catch (Exception e) {
        LOG.warn("Error while stopping {}: {}", part.getClass().getSimpleName(), e.getMessage());
      }
    }
  }
}
