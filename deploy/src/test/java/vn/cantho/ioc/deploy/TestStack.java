package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;

/**
 * One embedded stack (real PostgreSQL, real MQTT broker, one node) shared by the end-to-end test
 * classes of a run, so each pays start-up once. Stopped when the test run ends. Tests get it as a
 * {@link DemoStack} parameter.
 */
final class TestStack implements ParameterResolver {
  static final FleetSize SIZE = new FleetSize(6, 3, 5);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DemoStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get(context);
  }

  private static DemoStack get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("ioc-stack", k -> new Resource(start()), Resource.class)
        .stack();
  }

  private static DemoStack start() {
    try {
      Path data = Files.createTempDirectory("ioc-e2e");
      Path registry = data.resolve("devices.json");
      RegistryFile.write(registry, new RegistryGenerator(DemoZones.load(), 7).generate(SIZE));
      return DemoStack.start(data, "127.0.0.1", 0, freePort(), false, registry);
    } catch (Exception e) {
      throw new IllegalStateException("embedded stack did not start", e);
    }
  }

  static int freePort() throws IOException {
    return DemoStack.freePort();
  }

  private record Resource(DemoStack stack) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      stack.close();
    }
  }
}
