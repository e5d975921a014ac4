package vn.cantho.ioc.deploy;

import java.util.List;

/**
 * What the production jar ({@code ioc-server.jar}) leaves out: the demo's embedded PostgreSQL and
 * MQTT broker and the device simulators. Only {@code ioc.jar} has them, for {@code demo}, {@code
 * bench} and the commands that fall back to the demo's database when {@code IOC_DB_URL} is unset.
 */
final class DemoExtras {
  static final String MESSAGE =
      "ioc: this is ioc-server.jar, without the demo's embedded database, broker and simulators."
          + " 'demo', 'bench', and commands without IOC_DB_URL, need ioc.jar (deploy/ioc runs it).";

  /** Packages of the libraries and modules only ioc.jar carries. */
  private static final List<String> PACKAGES =
      List.of(
          "io/zonky/", "com/hivemq/", "vn/cantho/ioc/sim/", "org/eclipse/milo/opcua/sdk/server/");

  private DemoExtras() {}

  /** True when the class the JVM could not find is one of the demo's extras. */
  static boolean missing(NoClassDefFoundError e) {
    String name = String.valueOf(e.getMessage());
    return PACKAGES.stream().anyMatch(name::startsWith);
  }
}
