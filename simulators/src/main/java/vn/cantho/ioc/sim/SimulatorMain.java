package vn.cantho.ioc.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import vn.cantho.ioc.geo.DemoZones;

/**
 * Runs the simulated fleet against a broker until Ctrl-C.
 *
 * <pre>
 * SimulatorMain --broker tcp://localhost:1883 --registry devices.json [--generate] [--seed N]
 *               [--connections N] [--username U]
 * </pre>
 *
 * The registry is generated from the bundled Can Tho zones when asked to or when the file is
 * missing. The broker password, if any, comes from the environment variable {@value #PASSWORD_ENV},
 * never from the command line where every user of the machine could read it.
 */
public final class SimulatorMain {
  static final String PASSWORD_ENV = "SIM_MQTT_PASSWORD";
  private static final long DEFAULT_SEED = 2026;
  private static final long STATUS_EVERY_S = 60;

  /** Parsed command line. */
  record Options(
      String broker, Path registry, boolean generate, long seed, int connections, String username) {

    static Options parse(String... args) {
      String broker = null;
      Path registry = null;
      boolean generate = false;
      long seed = DEFAULT_SEED;
      int connections = FleetConfig.DEFAULT_CONNECTIONS;
      String username = null;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--broker" -> broker = value(args, ++i);
          case "--registry" -> registry = Path.of(value(args, ++i));
          case "--generate" -> generate = true;
          case "--seed" -> seed = Long.parseLong(value(args, ++i));
          case "--connections" -> connections = Integer.parseInt(value(args, ++i));
          case "--username" -> username = value(args, ++i);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (broker == null || registry == null) {
        throw new IllegalArgumentException("--broker and --registry are required");
      }
      return new Options(broker, registry, generate, seed, connections, username);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }
  }

  private SimulatorMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: SimulatorMain --broker tcp://host:port --registry PATH [--generate]"
              + " [--seed N] [--connections N] [--username U]   (password: $"
              + PASSWORD_ENV
              + ")");
      System.exit(2);
      return;
    }

    if (options.generate() || !Files.exists(options.registry())) {
      Registry registry = new RegistryGenerator(DemoZones.load(), options.seed()).generate();
      RegistryFile.write(options.registry(), registry);
      System.out.printf(
          "generated %d devices (seed %d) into %s%n",
          registry.devices().size(), options.seed(), options.registry());
    }
    List<SimDevice> devices = RegistryFile.read(options.registry());

    String password = System.getenv(PASSWORD_ENV);
    FleetConfig config =
        FleetConfig.defaults(options.broker())
            .withConnections(options.connections())
            .withCredentials(options.username(), password == null ? null : password.toCharArray());

    CountDownLatch stopped = new CountDownLatch(1);
    SimulatorFleet fleet = new SimulatorFleet(config, devices);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fleet.close();
                  stopped.countDown();
                },
                "sim-shutdown"));
    fleet.start();
    System.out.printf(
        "publishing %d devices to %s; Ctrl-C to stop%n", devices.size(), options.broker());
    while (!stopped.await(STATUS_EVERY_S, TimeUnit.SECONDS)) {
      System.out.printf(
          "connections up %d/%d, published %d, failed %d%n",
          fleet.connectedConnections(),
          Math.min(config.connections(), devices.size()),
          fleet.published(),
          fleet.failed());
    }
  }
}
