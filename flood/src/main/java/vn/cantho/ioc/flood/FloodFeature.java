package vn.cantho.ioc.flood;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.notify.AlertNotices;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.flood.api.FloodApi;
import vn.cantho.ioc.flood.forecast.TideForecaster;
import vn.cantho.ioc.flood.monitor.FloodAlerts;
import vn.cantho.ioc.flood.monitor.FloodLog;
import vn.cantho.ioc.flood.monitor.FloodMonitor;
import vn.cantho.ioc.flood.notify.FloodNotices;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.station.StationFile;
import vn.cantho.ioc.flood.station.StationStore;

/**
 * Tidal flooding early warning (issue 16, docs/flood.md): water-level stations with their alarm
 * levels as data; crossings, rapid rise and forecast crossings as the kernel's alerts for the wards
 * each station protects; hourly harmonic forecasts of every station's next two high waters; and the
 * pumps and sluice gates commanded through the kernel's command service.
 */
public final class FloodFeature implements IocFeature {
  private static final Logger LOG = LoggerFactory.getLogger(FloodFeature.class);
  public static final String ID = "flood";

  /** A river gauge's water level, cm on the national height datum (Hòn Dấu). */
  public static final Metric LEVEL =
      new Metric(Domain.FLOOD, "level", "cm", -500, 1_000, "Mực nước", "Water level");

  /**
   * The gauges' level, and a drainage pumping station's with its tidal sluice gate (read over OPC
   * UA): levels in cm on the national datum, the record at Can Tho being 227 cm; ranges are what
   * any instrument can read, not alarm levels.
   */
  public static final List<Metric> METRICS =
      List.of(
          LEVEL,
          new Metric(
              Domain.FLOOD,
              "level_inside",
              "cm",
              -500,
              1_000,
              "Mực nước trong đê",
              "Water level inside"),
          new Metric(
              Domain.FLOOD,
              "level_outside",
              "cm",
              -500,
              1_000,
              "Mực nước ngoài sông",
              "Water level outside"),
          new Metric(Domain.FLOOD, "pump_1", "1", 0, 1, "Bơm 1", "Pump 1"),
          new Metric(Domain.FLOOD, "pump_2", "1", 0, 1, "Bơm 2", "Pump 2"),
          new Metric(Domain.FLOOD, "pump_3", "1", 0, 1, "Bơm 3", "Pump 3"),
          new Metric(Domain.FLOOD, "gate_position", "%", 0, 100, "Độ mở cống", "Gate opening"));

  private FeatureContext context;
  private StationStore stations;
  private FloodLog log;
  private FloodMonitor monitor;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<Metric> metrics() {
    return METRICS;
  }

  @Override
  public List<FeaturePermission> permissions() {
    return List.of(FloodPermissions.CONTROL, FloodPermissions.STATIONS);
  }

  /** Flood warnings issued in the last 24 hours, per ward and for the city (issue 18). */
  @Override
  public List<vn.cantho.ioc.core.kpi.KpiSource> kpiSources(FeatureContext context) {
    return List.of(new vn.cantho.ioc.flood.monitor.FloodKpis(context.database()));
  }

  @Override
  public void start(FeatureContext context) throws Exception {
    this.context = context;
    stations = new StationStore(context.database());
    stations.load();
    log = new FloodLog(context.database());
    monitor =
        new FloodMonitor(
            List.copyOf(stations.all()),
            context.database(),
            context.clock(),
            log,
            new FloodAlerts(context.alerts(), context.devices()));
    java.time.Instant now = context.clock().instant();
    monitor.replayHistory(now.minus(TideForecaster.WINDOW.plusDays(1)), now);
    monitor.startOn(context.vertx());
    LOG.info("Flood: {} water-level stations", stations.all().size());
  }

  @Override
  public AlertNotices alertNotices(FeatureContext context) {
    return new FloodNotices(stations);
  }

  @Override
  public void routes(FeatureRoutes routes) {
    new FloodApi(stations, monitor, log, context.devices(), context.commands(), context.clock())
        .mount(routes);
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/flood/api/openapi.json");
  }

  @Override
  public String consoleScript() {
    return "features/flood.js";
  }

  /** The demo's stations whose devices the demo registered. */
  @Override
  public void seedDemo(FeatureContext context, DemoSeed seed) throws Exception {
    List<FloodStation> demo =
        StationFile.demo().stream()
            .filter(s -> context.devices().find(s.deviceId()).isPresent())
            .toList();
    addStations(demo, "demo");
    LOG.info("Flood demo: {} stations", demo.size());
  }

  /** Adds or replaces stations and has the monitor take them at once. */
  public void addStations(List<FloodStation> list, String by) throws Exception {
    stations.upsert(list, by, context.clock().instant());
    list.forEach(monitor::configure);
  }

  /** Imports stations from a stations file ({@code ioc flood import FILE}). */
  public static int importStations(Database database, Path file, java.time.Instant at)
      throws Exception {
    List<FloodStation> list;
    try (InputStream in = Files.newInputStream(file)) {
      list = StationFile.read(in);
    }
    java.util.Set<String> known = new java.util.HashSet<>();
    try (java.sql.Connection c = database.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT id FROM devices WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", list.stream().map(FloodStation::deviceId).toArray()));
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          known.add(rs.getString(1));
        }
      }
    }
    List<String> unknown =
        list.stream().map(FloodStation::deviceId).filter(id -> !known.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "stations of unregistered devices (ioc device register first): " + unknown);
    }
    new StationStore(database).upsert(list, "import", at);
    return list.size();
  }

  /** The monitor, for benchmarks that watch what it decides. */
  public FloodMonitor monitor() {
    return monitor;
  }

  @Override
  public void close() {
    if (monitor != null) {
      monitor.close();
    }
  }
}
