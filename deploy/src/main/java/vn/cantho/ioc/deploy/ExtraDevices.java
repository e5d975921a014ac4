package vn.cantho.ioc.deploy;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.zone.ZoneLayers;
import vn.cantho.ioc.sim.FleetConfig;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.SimulatorFleet;
import vn.cantho.ioc.sim.SyntheticDevices;

/**
 * {@code ioc demo --devices N}: N synthetic devices besides the demo's own, to see the console and
 * the API at city scale (issue 17). Registered straight into the device store by COPY before the
 * node loads its registry, so every feature knows them from its start; simulated over MQTT like the
 * demo's devices, each every five minutes, their first reports spread over those five minutes.
 */
final class ExtraDevices {
  private static final Logger LOG = LoggerFactory.getLogger(ExtraDevices.class);

  /** The same seed at every start: the same N gives the same devices, so nothing is duplicated. */
  static final long SEED = 17;

  private final List<SyntheticDevices.Placed> placed;

  private ExtraDevices(List<SyntheticDevices.Placed> placed) {
    this.placed = placed;
  }

  /**
   * Places {@code count} devices over the zones of the node's zone layer (the bundled communes and
   * wards unless others were imported) and registers those not yet registered. Blocking.
   */
  static ExtraDevices register(Database database, int count) throws Exception {
    long t0 = System.nanoTime();
    // The layer first: on a new database this loads the bundled zones while no device is there to
    // be re-placed, instead of after 100,000 are.
    var zones = new ZoneLayers(database).current().zones();
    List<SyntheticDevices.Placed> placed = SyntheticDevices.generate(zones, count, SEED);
    List<Device> devices =
        placed.stream()
            .map(
                p -> {
                  SimDevice d = p.device();
                  return new Device(
                      d.id(),
                      Domain.of(d.domain()),
                      d.type(),
                      d.name(),
                      d.lon(),
                      d.lat(),
                      p.zoneId(),
                      d.reportIntervalS());
                })
            .toList();
    int added = new DeviceStore(database).insertNew(devices);
    LOG.info(
        "{} extra devices over {} zones ({} new) in {} ms",
        count,
        zones.size(),
        added,
        (System.nanoTime() - t0) / 1_000_000);
    return new ExtraDevices(placed);
  }

  List<SimDevice> devices() {
    return placed.stream().map(SyntheticDevices.Placed::device).toList();
  }

  /** Simulates them through the broker as a gateway, each first report within one interval. */
  SimulatorFleet simulate(String mqttUri, String username, char[] password) {
    SimulatorFleet fleet =
        new SimulatorFleet(
            FleetConfig.defaults(mqttUri)
                .withCredentials(username, password)
                .withFirstPublishSpread(Duration.ofSeconds(SyntheticDevices.REPORT_INTERVAL_S)),
            devices());
    fleet.start();
    return fleet;
  }
}
