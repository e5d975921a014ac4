package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetConfig;
import vn.cantho.ioc.sim.Registry;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.RiverStations;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.SimulatorFleet;
import vn.cantho.ioc.sim.opcua.StationDevices;

/** {@code ioc demo}: the whole city in one process, nothing to install but a JDK. */
final class DemoCommand {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
  static final long REGISTRY_SEED = 2026;

  /**
   * {@code --devices}: synthetic devices besides the demo's; a million is past what one laptop
   * runs.
   */
  static final int MAX_EXTRA_DEVICES = 1_000_000;

  private DemoCommand() {}

  static void run(List<String> args) throws Exception {
    Options o =
        Options.parse(
            args,
            Set.of("fresh", "no-simulators"),
            Set.of("port", "host", "data", "mqtt-port", "devices"));
    Path data = Path.of(o.get("data", null, "data")).toAbsolutePath();
    if (o.flag("fresh")) {
      wipe(data);
    }
    int extraDevices = o.getInt("devices", 0);
    if (extraDevices < 0 || extraDevices > MAX_EXTRA_DEVICES) {
      throw new IllegalArgumentException(
          "--devices must be between 0 and " + MAX_EXTRA_DEVICES + ": " + extraDevices);
    }
    DemoStack stack =
        DemoStack.start(
            data,
            // Loopback over IPv4 and IPv6; plain HTTP is fine there.
            o.get("host", null, "127.0.0.1,::1"),
            o.getInt("port", 8080),
            o.getInt("mqtt-port", 1883),
            !o.flag("no-simulators"),
            ensureRegistry(data),
            extraDevices);
    StopSignals.install(stack::close);
    // Before the features' demo data: the flood feature replays it when it takes its stations.
    DemoGaugeHistory.backfill(stack.server().database(), java.time.Instant.now());
    stack.server().seedDemo(DemoUsers.seed(ensureRegistry(data)));
    for (String line : DemoUsers.issue(stack.server().database())) {
      System.out.println(line);
    }
    System.out.println("Live map: http://localhost:" + stack.httpPort() + "/");
    System.out.println(
        "Dữ liệu mở / open data (OGC SensorThings): http://localhost:"
            + stack.httpPort()
            + "/sta/v1.0");
    System.out.println(
        "MQTT broker: " + stack.mqttUri() + "  (topics cantho/v1/{domain}/{deviceId}/up)");
    System.out.println("Press Ctrl-C to stop.");
    new CountDownLatch(1).await(); // until a signal stops the process
  }

  /** Generates the demo device registry once; later runs keep the same devices. */
  static Path ensureRegistry(Path data) throws IOException {
    Path file = data.resolve("devices.json");
    if (!Files.exists(file)) {
      Registry generated = new RegistryGenerator(DemoZones.load(), REGISTRY_SEED).generate();
      List<SimDevice> all = new ArrayList<>(DemoUsers.giveFarmerPonds(generated.devices()));
      all.addAll(StationDevices.devices());
      all.addAll(RiverStations.demo());
      all.addAll(vn.cantho.ioc.sim.flood.FloodGauges.demo());
      RegistryFile.write(file, new Registry(generated.generatedAt(), generated.seed(), all));
      LOG.info("Generated the demo device registry {}", file);
    }
    return file;
  }

  static SimulatorFleet startSimulators(
      Path registry, String mqttUri, String username, char[] password) throws Exception {
    // Devices behind the OPC UA station simulator are not MQTT devices.
    List<SimDevice> mqttDevices =
        RegistryFile.read(registry).stream().filter(d -> !StationDevices.isOpcUa(d)).toList();
    SimulatorFleet fleet =
        new SimulatorFleet(
            FleetConfig.defaults(mqttUri).withCredentials(username, password), mqttDevices);
    fleet.start();
    return fleet;
  }

  private static void wipe(Path data) throws IOException {
    Folders.deleteTree(data);
    LOG.info("--fresh: wiped {}", data);
  }
}
