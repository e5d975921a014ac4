package vn.cantho.ioc.traffic;

import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.traffic.api.DatexHandler;
import vn.cantho.ioc.traffic.api.IncidentsHandler;
import vn.cantho.ioc.traffic.detect.DetectionMethod;
import vn.cantho.ioc.traffic.detect.MethodSettings;
import vn.cantho.ioc.traffic.detect.NetworkDetector;
import vn.cantho.ioc.traffic.detect.TrafficDetection;
import vn.cantho.ioc.traffic.incident.Evidence;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.network.CorridorFile;
import vn.cantho.ioc.traffic.network.NetworkStore;
import vn.cantho.ioc.traffic.network.RoadNetwork;

/**
 * Intelligent traffic (plan items 89 and 90): incidents found on detector station pairs, reported
 * by staff, camera systems and citizens, and worked by traffic staff through new → verified →
 * dispatched → cleared or false alarm. Everything it adds to the node goes through {@link
 * IocFeature}; docs/traffic-incident-detection.md has the methods and their sources.
 */
public final class TrafficFeature implements IocFeature {
  public static final String ID = "traffic";

  /** Verify, dispatch, clear or dismiss incidents, assign and comment: traffic staff's work. */
  public static final FeaturePermission WORK_INCIDENTS =
      new FeaturePermission(
          "traffic.incidents.work", Set.of(Role.TRAFFIC_STAFF, Role.CITY_OPERATOR));

  /**
   * Report an incident from outside the centre: a camera system's account, a ward's operator taking
   * a citizen's call (inside his zones only).
   */
  public static final FeaturePermission SUBMIT_REPORTS =
      new FeaturePermission(
          "traffic.reports.submit",
          Set.of(Role.TRAFFIC_STAFF, Role.CITY_OPERATOR, Role.COMMUNE_OPERATOR));

  /** The device domain of traffic detectors. */
  public static final Domain DOMAIN = Domain.of("traffic");

  /** What detectors report, as one-minute aggregates (docs/domain.md §5.1). */
  static final List<Metric> METRICS =
      List.of(
          new Metric(DOMAIN, "flow", "/h", 0, 20_000, "Lưu lượng", "Flow"),
          new Metric(DOMAIN, "speed", "km/h", 0, 200, "Tốc độ", "Speed"),
          new Metric(DOMAIN, "occupancy", "%", 0, 100, "Độ chiếm dụng", "Occupancy"));

  /** Stored history detection decides again at start: what its baselines keep. */
  static final Duration HISTORY = Duration.ofDays(28);

  private NetworkDetector.Listener tap = new NetworkDetector.Listener() {};
  private IncidentStore incidents;
  private FeatureContext context;
  private TrafficDetection detection;
  private volatile Optional<RoadNetwork> network = Optional.empty();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<FeaturePermission> permissions() {
    return List.of(WORK_INCIDENTS, SUBMIT_REPORTS);
  }

  @Override
  public Set<String> liveTypes() {
    return Set.of(IncidentsHandler.LIVE_TYPE);
  }

  /**
   * The incident layer of the live map: open incidents coloured by status, a list of them, and the
   * workflow's next steps for traffic staff.
   */
  @Override
  public String consoleScript() {
    return "features/traffic.js";
  }

  /** The description of every route {@link #routes} adds, shipped beside them. */
  @Override
  public List<String> openApiFragments() {
    String dir = "vn/cantho/ioc/traffic/api/openapi/";
    return List.of(dir + "incidents.json", dir + "datex.json");
  }

  @Override
  public List<Metric> metrics() {
    return METRICS;
  }

  /** Incidents open and the mean time to clear, per zone and for the city (issue 18). */
  @Override
  public List<vn.cantho.ioc.core.kpi.KpiSource> kpiSources(FeatureContext context) {
    return List.of(new vn.cantho.ioc.traffic.incident.IncidentKpis(context.database()));
  }

  /** Its incidents, for export and the provincial platform's feed (issue 18). */
  @Override
  public List<vn.cantho.ioc.core.export.ExportDataset> exports(FeatureContext context) {
    return List.of(new vn.cantho.ioc.traffic.incident.IncidentsExport(context.database()));
  }

  @Override
  public void start(FeatureContext context) throws Exception {
    this.context = context;
    incidents = new IncidentStore(context.database());
    new NetworkStore(context.database()).load().ifPresent(this::detectOn);
  }

  /**
   * Replaces the road network with a corridor file's (checked whole first) and restarts detection
   * on it; its baselines start again, as they must for other stations.
   *
   * @throws CorridorFile.InvalidCorridorFile naming every problem; nothing changes then
   */
  public synchronized RoadNetwork importNetwork(String geojson, String importedBy)
      throws SQLException, IOException {
    settings(CorridorFile.read(geojson)); // refused before anything is stored
    RoadNetwork replaced = new NetworkStore(context.database()).replace(geojson, importedBy);
    detectOn(replaced);
    return replaced;
  }

  /**
   * Each corridor's methods and parameters: its file's, else the node's default methods ({@code
   * IOC_TRAFFIC_METHODS}, {@code bpd} when unset) with the published parameters.
   *
   * @throws MethodSettings.InvalidSettings naming every unknown method or parameter
   */
  public Map<String, MethodSettings> settings(RoadNetwork roads) {
    return MethodSettings.of(roads, methods(context.config().get("METHODS").orElse("bpd")));
  }

  private synchronized void detectOn(RoadNetwork roads) {
    if (detection != null) {
      detection.close();
    }
    detection =
        new TrafficDetection(
            roads,
            settings(roads),
            incidents,
            context.alerts(),
            context.zones(),
            stored ->
                IncidentsHandler.publish(
                    context.live(), stored.incident(), stored.opened() ? "opened" : "merged"));
    detection.tap(tap);
    // What the baselines keep (about four weeks), decided before the first live reading.
    Instant now = context.clock().instant();
    detection.replayHistory(context.database(), now.minus(HISTORY), now);
    detection.startOn(context.vertx());
    network = Optional.of(roads);
  }

  /**
   * Also tells {@code listener} everything detection decides (benchmarks score the methods with
   * it); it runs on the detection thread.
   */
  public synchronized void tapDetection(NetworkDetector.Listener listener) {
    tap = listener;
    if (detection != null) {
      detection.tap(listener);
    }
  }

  /**
   * Ties the demo's traffic detectors to the bundled network's stations, one per station in the
   * order of their ids, moves each onto its station so the map shows it on the road, and reports
   * two incidents staff and a camera system would have, so the console has work on it from the
   * start. Detection needs three days of each day type before bpd decides (its baselines).
   */
  @Override
  public void seedDemo(FeatureContext context, DemoSeed seed) throws Exception {
    TrafficDemo.seed(this, context, incidents);
  }

  /** {@code IOC_TRAFFIC_METHODS}: the detection methods every corridor runs, e.g. {@code bpd}. */
  static Set<DetectionMethod> methods(String setting) {
    Set<DetectionMethod> out = new HashSet<>();
    for (String code : setting.split(",")) {
      out.add(DetectionMethod.fromCode(code.strip()));
    }
    return Set.copyOf(out);
  }

  /** Readings the detection thread has been through (0 without a network). */
  public long detectionProcessed() {
    return detection == null ? 0 : detection.processed();
  }

  /** Readings that reached detection after their minute was decided. */
  public long detectionLate() {
    return detection == null ? 0 : detection.late();
  }

  /** Batches of readings detection left out because its queue was full. */
  public long detectionDropped() {
    return detection == null ? 0 : detection.dropped();
  }

  @Override
  public void close() {
    if (detection != null) {
      detection.close();
    }
  }

  @Override
  public void routes(FeatureRoutes routes) {
    IncidentsHandler h =
        new IncidentsHandler(
            incidents,
            new Evidence(context.database()),
            () -> network,
            context.zones(),
            context.live(),
            routes.authn(),
            context.clock());
    String base = "/api/v1/traffic/incidents";
    Permission read = Permission.READ_MAP;
    routes.route(HttpMethod.GET, base, read, IncidentsHandler.reading(routes.worker(), h::list));
    routes.route(
        HttpMethod.GET, base + "/kpis", read, IncidentsHandler.reading(routes.worker(), h::kpis));
    routes.route(
        HttpMethod.GET, base + "/:id", Permission.READ_MAP, ctx -> h.one(ctx, routes.worker()));
    routes.post(base, WORK_INCIDENTS, r -> h.report(r, IncidentSource.STAFF));
    routes.route(
        HttpMethod.POST,
        base + "/:id/transitions",
        WORK_INCIDENTS,
        ctx -> h.transition(ctx, routes.worker()));
    routes.route(
        HttpMethod.POST,
        base + "/:id/comments",
        WORK_INCIDENTS,
        ctx -> h.comment(ctx, routes.worker()));
    routes.post("/api/v1/traffic/reports", SUBMIT_REPORTS, r -> h.report(r, null));
    routes.route(
        HttpMethod.GET,
        DatexHandler.PATH,
        read,
        new DatexHandler(incidents, routes.worker(), context.clock()));
  }
}
