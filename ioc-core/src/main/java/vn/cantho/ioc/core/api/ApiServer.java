package vn.cantho.ioc.core.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.LiveFeed;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.SeriesStore;
import vn.cantho.ioc.geo.GeoJsonZones;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The HTTP API (v1) and the web console. Routes are the contract in docs/api.md: later versions add
 * to it and never break it. Blocking work runs on a bounded worker pool, never on the event loop.
 */
public final class ApiServer {
  /** Everything the API serves from. */
  public record Parts(
      DeviceRegistry registry,
      LatestState latest,
      SeriesStore series,
      QuarantineStore quarantine,
      MetricCatalog catalog,
      ZoneIndex zones,
      String zoneAttribution,
      LiveFeed liveFeed,
      List<HealthIndicator> health,
      List<ApiExtension> extensions,
      PrometheusMeterRegistry metrics,
      Clock clock) {}

  private final Vertx vertx;
  private final Parts parts;
  private WorkerExecutor db;
  private HttpServer server;

  public ApiServer(Vertx vertx, Parts parts) {
    this.vertx = vertx;
    this.parts = parts;
  }

  /** Starts listening; the future holds the actual port (useful with port 0). */
  public Future<Integer> start(String host, int port) {
    db = vertx.createSharedWorkerExecutor("ioc-api-db", 4);
    return vertx
        .createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router())
        .listen(port, host)
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  public Future<Void> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.onComplete(
        v -> {
          if (db != null) {
            db.close();
          }
        });
  }

  private Router router() {
    Router router = Router.router(vertx);
    DeviceJson deviceJson = new DeviceJson(parts.latest(), parts.catalog());
    DevicesHandler devices = new DevicesHandler(parts.registry(), deviceJson, parts.clock());
    ReadingsHandler readings =
        new ReadingsHandler(parts.registry(), parts.series(), parts.catalog(), db, parts.clock());
    HealthHandler health = new HealthHandler(parts.health());
    String zonesJson =
        GeoJsonZones.write(parts.zones().zones(), Map.of("attribution", parts.zoneAttribution()));

    router.get("/api/v1/health").handler(health::handle);
    // Prometheus text format; scraping formats in memory, cheap enough for the event loop.
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(parts.metrics().scrape()));
    router.get("/api/v1/devices").handler(devices::list);
    router.get("/api/v1/devices/:id").handler(devices::one);
    router.get("/api/v1/devices/:id/readings").handler(readings::handle);
    router.get("/api/v1/quarantine").handler(new QuarantineHandler(parts.quarantine(), db)::handle);
    router.get("/api/v1/zones").handler(ctx -> Responses.json(ctx, 200, zonesJson));
    router.get("/api/v1/live").handler(this::upgradeToLive);
    parts.extensions().forEach(extension -> extension.mount(router));
    router
        .route("/api/*")
        .handler(ctx -> Responses.error(ctx, 404, "not_found", "no such API route"));
    router.route("/api/*").failureHandler(ctx -> Responses.failure(ctx, ctx.failure()));
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    return router;
  }

  private void upgradeToLive(RoutingContext ctx) {
    var filter = DevicesHandler.filter(ctx);
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> parts.liveFeed().addClient(socket, filter))
        .onFailure(ctx::fail);
  }
}
