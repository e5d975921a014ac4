package vn.cantho.ioc.opendata;

import java.time.Duration;
import java.util.List;
import vn.cantho.ioc.core.api.RateLimiter;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.feature.FeatureContext;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.PeriodicJob;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.opendata.sta.IocObservations;
import vn.cantho.ioc.opendata.sta.StaMqtt;
import vn.cantho.ioc.opendata.sta.StaReader;
import vn.cantho.ioc.opendata.sta.StaRouter;
import vn.cantho.ioc.opendata.sta.StaWriter;

/**
 * Open data (plan tasks 98 and 104): the city's public devices and their series as an OGC
 * SensorThings API at {@code /sta/v1.0}, readable by anyone; integrators write their own entities,
 * and readings of the IOC's devices through ingest, with a device or gateway credential
 * (docs/opendata.md, ADR 0018).
 */
public final class OpenDataFeature implements IocFeature {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OpenDataFeature.class);
  static final Duration RESYNC = Duration.ofMinutes(10);

  private final PublicData fixed;
  private final Double fixedRate;
  private FeatureContext context;
  private Projection projection;
  private StaMqtt mqtt;

  /** Publishes what {@code IOC_OPENDATA_*} says (defaults in {@link PublicData}). */
  public OpenDataFeature() {
    this(null);
  }

  /** Publishes exactly {@code published}, whatever the environment says (tests, conformance). */
  public OpenDataFeature(PublicData published) {
    this(published, null);
  }

  /**
   * The same, with each client address allowed {@code requestsPerSecond} (bursts of ten times as
   * many) instead of {@code IOC_OPENDATA_REQUESTS_PER_SECOND}: a conformance suite's pace.
   */
  public OpenDataFeature(PublicData published, Double requestsPerSecond) {
    this.fixed = published;
    this.fixedRate = requestsPerSecond;
  }

  @Override
  public String id() {
    return "opendata";
  }

  @Override
  public void start(FeatureContext context) throws Exception {
    this.context = context;
    projection =
        new Projection(context.database(), fixed != null ? fixed : PublicData.of(context.config()));
    mqtt = new StaMqtt(context.openTopics(), context.database().dataSource(), serviceRoot());
    // Only builds messages and queues them (OpenTopics never blocks): fine on the event loop.
    context
        .vertx()
        .eventBus()
        .<CommittedReadings>localConsumer(
            CommittedReadings.ADDRESS, m -> mqtt.committed(m.body().readings()));
    // Off the start: at city scale (10^5 devices) the first projection takes a while, and the
    // node need not wait for it to ingest and serve.
    context
        .vertx()
        .executeBlocking(
            () -> {
              syncNow();
              return null;
            },
            false)
        .onFailure(e -> LOG.error("The first open-data projection failed; retried by its job", e));
  }

  /** Brings the published entities in step with the registry now (also every ten minutes). */
  public void syncNow() throws Exception {
    projection.sync(context.devices().all(), context.catalog());
    mqtt.refresh();
  }

  @Override
  public void routes(FeatureRoutes routes) {
    var data = context.database().dataSource();
    routes.mountOpen(
        "/sta",
        new StaRouter(
                context.vertx(),
                routes.worker(),
                new StaReader(data),
                new StaWriter(data, context.clock()),
                new IocObservations(data, context.ingest(), context.clock()),
                new DeviceCredentials(context.database()),
                context.ingest(),
                context.clock(),
                rateLimit(),
                mqtt)
            .router());
  }

  /**
   * The service root written in MQTT messages' links: {@code IOC_OPENDATA_SERVICE_ROOT}, else
   * {@code IOC_PUBLIC_URL} + {@code /sta/v1.0}, else the path alone.
   */
  private String serviceRoot() {
    return context
        .config()
        .get("SERVICE_ROOT")
        .orElseGet(
            () -> {
              String publicUrl = System.getenv("IOC_PUBLIC_URL");
              return (publicUrl == null ? "" : publicUrl.replaceAll("/+$", "")) + StaRouter.ROOT;
            });
  }

  private RateLimiter rateLimit() {
    double rate =
        fixedRate != null
            ? fixedRate
            : context.config().number("REQUESTS_PER_SECOND", (long) StaRouter.REQUESTS_PER_SECOND);
    return new RateLimiter(rate, (int) Math.max(StaRouter.BURST, rate * 10), context.clock());
  }

  @Override
  public List<PeriodicJob> jobs(FeatureContext context) {
    return List.of(
        new PeriodicJob(
            "opendata-projection",
            RESYNC,
            () -> {
              syncNow();
              return null;
            }),
        // The projection is written once for the cluster (by its leader); each node's own map of
        // which readings feed which public stream follows it (ADR 0022).
        PeriodicJob.perNode(
            "opendata-streams",
            RESYNC,
            () -> {
              mqtt.refresh();
              return null;
            }));
  }
}
