package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;

/**
 * One embedded stack (real PostgreSQL, real MQTT broker, one node) shared by the end-to-end test
 * classes of a run, so each pays start-up once. Stopped when the test run ends. Tests get it as a
 * {@link DemoStack} parameter.
 */
final class TestStack implements ParameterResolver {
  static final FleetSize SIZE = new FleetSize(6, 3, 5);

  /** Two devices at Bến Ninh Kiều, inside ward 31135, for the commune operator's tests. */
  static final List<SimDevice> NINH_KIEU_DEVICES =
      List.of(
          new SimDevice(
              "nk-wq-1",
              "water",
              "river_station",
              "Trạm Bến Ninh Kiều",
              105.7774,
              10.0331,
              60,
              null),
          new SimDevice(
              "nk-tf-1",
              "traffic",
              "loop_detector",
              "Đầu đo Hai Bà Trưng",
              105.7790,
              10.0340,
              60,
              null));

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DemoStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get(context);
  }

  /** A probe in Cái Khế ward, next to Ninh Kiều: only the zone-isolation test publishes for it. */
  static final SimDevice CAI_KHE_PROBE =
      new SimDevice(
          "ck-wq-1", "water", "river_station", "Trạm Cái Khế", 105.7830, 10.0450, 60, null);

  /**
   * The generated devices, without the zone tests' fixed ones, for tests that read back what their
   * devices received.
   */
  static java.util.stream.Stream<vn.cantho.ioc.core.device.Device> generated(DemoStack stack) {
    return stack.server().registry().all().stream()
        .filter(d -> !d.id().equals(CAI_KHE_PROBE.id()) && !d.id().startsWith("pg-wq-"))
        .filter(d -> !d.id().equals(FARM_PROBE.id()) && !d.id().startsWith("sp-wq-"))
        .filter(d -> !d.id().startsWith("sc-wq-") && !d.id().startsWith("ui-"))
        .filter(d -> NINH_KIEU_DEVICES.stream().noneMatch(n -> n.id().equals(d.id())));
  }

  /** A pangasius pond probe of the alert tests' own. */
  static final SimDevice PANGASIUS_PROBE =
      new SimDevice(
          "pg-wq-1", "water", "pangasius_pond", "Ao cá tra thử", 105.7000, 10.0500, 60, null);

  /** A second one, for the rule-override test. */
  static final SimDevice PANGASIUS_PROBE_2 =
      new SimDevice(
          "pg-wq-2", "water", "pangasius_pond", "Ao cá tra thử 2", 105.7010, 10.0510, 60, null);

  /** The farmer's probe in the pond of the notification test. */
  static final SimDevice FARM_PROBE =
      new SimDevice(
              "fm-wq-1", "water", "pangasius_pond", "Đầu đo ao nhà", 105.7020, 10.0520, 60, null)
          .withOwner(DemoUsers.FARMER);

  /** A pangasius probe for the silence and fault rules. */
  static final SimDevice HEALTH_PROBE =
      new SimDevice(
          "pg-wq-3", "water", "pangasius_pond", "Ao cá tra thử 3", 105.7030, 10.0530, 60, null);

  /** A pangasius probe for a rate-of-change rule. */
  static final SimDevice RATE_PROBE =
      new SimDevice(
          "pg-wq-4", "water", "pangasius_pond", "Ao cá tra thử 4", 105.7050, 10.0550, 60, null);

  /** A white-leg shrimp pond probe for the daily pH swing. */
  static final SimDevice SHRIMP_PROBE =
      new SimDevice("sp-wq-1", "water", "shrimp_pond", "Ao tôm thử", 105.7040, 10.0540, 60, null);

  /**
   * The scope probe test's own probes: one in Cái Khế ward (put into a Ninh Kiều pond) and two
   * without an owner (for the farm ownership checks).
   */
  static final List<SimDevice> SCOPE_PROBES =
      List.of(
          new SimDevice(
              "sc-wq-1", "water", "pangasius_pond", "Đầu đo Cái Khế", 105.7832, 10.0452, 60, null),
          new SimDevice(
              "sc-wq-2", "water", "pangasius_pond", "Đầu đo trại A", 105.7060, 10.0560, 60, null),
          new SimDevice(
              "sc-wq-3", "water", "pangasius_pond", "Đầu đo trại B", 105.7070, 10.0570, 60, null));

  /** Two water-level gauges for the flood console's test: on the Hậu at Ninh Kiều, at Vị Thanh. */
  static final List<SimDevice> FLOOD_GAUGES =
      List.of(
          new SimDevice(
              "wl-test-nk",
              "flood",
              "water_level_gauge",
              "Trạm đo thử sông Hậu",
              105.7880,
              10.0420,
              300,
              null),
          new SimDevice(
              "wl-test-vt",
              "flood",
              "water_level_gauge",
              "Trạm đo thử Vị Thanh",
              105.4700,
              9.7840,
              300,
              null));

  /**
   * The console tests' own devices, outside Ninh Kiều: two pangasius probes (a reading that raises
   * an alert, one alert the commune operator must not see), a farmer's probe for his phone and a
   * streetlight to dim.
   */
  static final List<SimDevice> CONSOLE_DEVICES =
      List.of(
          new SimDevice(
              "ui-wq-1",
              "water",
              "pangasius_pond",
              "Ao cá tra bảng điều hành",
              105.7080,
              10.0580,
              60,
              null),
          new SimDevice(
              "ui-wq-2",
              "water",
              "pangasius_pond",
              "Ao cá tra ngoài phường",
              105.7090,
              10.0590,
              60,
              null),
          new SimDevice(
                  "ui-wq-3",
                  "water",
                  "pangasius_pond",
                  "Đầu đo ao điện thoại",
                  105.7110,
                  10.0610,
                  60,
                  null)
              .withOwner(DemoUsers.FARMER),
          new SimDevice(
              "ui-sl-1",
              "lighting",
              vn.cantho.ioc.sim.LightingModel.LED_STREETLIGHT,
              "Đèn đường bảng điều hành",
              105.7100,
              10.0600,
              60,
              null));

  /** Every device the test stack registers. */
  static int deviceCount() {
    return SIZE.total()
        + NINH_KIEU_DEVICES.size()
        + 7
        + SCOPE_PROBES.size()
        + FLOOD_GAUGES.size()
        + CONSOLE_DEVICES.size();
  }

  private static DemoStack get(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent("ioc-stack", k -> new Resource(start()), Resource.class)
        .stack();
  }

  /**
   * A stack of the same devices for one test class alone, which closes it: for tests whose traffic
   * must not share a broker session with the others' (the refused publishes of the device
   * credential tests once corrupted later deliveries in the shared embedded broker).
   */
  static DemoStack startIsolated() {
    return start();
  }

  private static DemoStack start() {
    try {
      Path data = TestDirs.create("ioc-e2e");
      Path registry = data.resolve("devices.json");
      List<SimDevice> devices =
          new ArrayList<>(
              DemoUsers.giveFarmerPonds(
                  new RegistryGenerator(DemoZones.load(), 7).generate(SIZE).devices()));
      devices.addAll(NINH_KIEU_DEVICES);
      devices.add(CAI_KHE_PROBE);
      devices.add(PANGASIUS_PROBE);
      devices.add(PANGASIUS_PROBE_2);
      devices.add(FARM_PROBE);
      devices.add(HEALTH_PROBE);
      devices.add(RATE_PROBE);
      devices.add(SHRIMP_PROBE);
      devices.addAll(SCOPE_PROBES);
      devices.addAll(FLOOD_GAUGES);
      devices.addAll(CONSOLE_DEVICES);
      RegistryFile.write(registry, devices);
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
