package vn.cantho.ioc.core.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.FeatureHandler;
import vn.cantho.ioc.core.feature.FeaturePermission;
import vn.cantho.ioc.core.feature.FeatureRequest;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.LiveFeed;
import vn.cantho.ioc.core.map.MapHandler;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.SubscriptionScopes;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.SeriesStore;
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
      BaseMap baseMap,
      LiveFeed liveFeed,
      List<HealthIndicator> health,
      List<ApiExtension> extensions,
      PrometheusMeterRegistry metrics,
      ApiSecurity security,
      AlertStore alerts,
      Outbox outbox,
      AckLinks ackLinks,
      SubscriptionStore subscriptions,
      SubscriptionScopes scopes,
      Clock clock) {}

  /**
   * How long a connection may take to deliver a request head (after it opens and between requests),
   * and how long any connection may stay silent both ways; a live feed is pinged at half that, so
   * it stays open while the browser answers.
   */
  public record Timeouts(Duration requestHead, Duration idle) {
    public static final Timeouts DEFAULT =
        new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  static final int MAX_HEADER_BYTES = 16 * 1024;
  static final int SMALL_BODY_BYTES = 16 * 1024;
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final int MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Parts parts;
  private final Timeouts timeouts;
  private WorkerExecutor db;
  private WorkerExecutor hashing;
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private final List<HttpServer> servers = new ArrayList<>();
  private boolean tls;
  private volatile Router router;

  public ApiServer(Vertx vertx, Parts parts) {
    this(vertx, parts, Timeouts.DEFAULT);
  }

  public ApiServer(Vertx vertx, Parts parts, Timeouts timeouts) {
    this.vertx = vertx;
    this.parts = parts;
    this.timeouts = timeouts;
  }

  /**
   * Starts listening; the future holds the actual port (useful with port 0). Host {@code ::} binds
   * every IPv6 and IPv4 address (dual stack); a comma-separated list binds each (the demo binds
   * {@code 127.0.0.1,::1}). Only the first must succeed: a host without IPv6 still serves IPv4.
   *
   * @param tls null for plain HTTP (the demo on loopback)
   */
  public Future<Integer> start(String hosts, int port, TlsConfig tls) {
    db = vertx.createSharedWorkerExecutor("ioc-api-db", 4);
    hashing = vertx.createSharedWorkerExecutor("ioc-sign-in", 2);
    this.tls = tls != null;
    HttpServerOptions options =
        new HttpServerOptions()
            .setCompressionSupported(true)
            .setMaxHeaderSize(MAX_HEADER_BYTES)
            .setMaxFormAttributeSize(MAX_BODY_BYTES)
            .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
            .setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME_BYTES)
            .setIdleTimeout((int) timeouts.idle().toMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (tls != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new KeyStoreOptions()
                  .setType(tls.keyStore().toString().endsWith(".jks") ? "JKS" : "PKCS12")
                  .setPath(tls.keyStore().toString())
                  .setPassword(tls.password()));
    }
    Router router = router();
    this.router = router;
    List<String> addresses = List.of(hosts.split(","));
    return listen(options, router, addresses.get(0).strip(), port)
        .compose(
            actual -> {
              Future<Void> more = Future.succeededFuture();
              for (String extra : addresses.subList(1, addresses.size())) {
                more =
                    more.compose(
                        v ->
                            listen(options, router, extra.strip(), actual)
                                .<Void>mapEmpty()
                                .recover(
                                    e -> {
                                      LOG.warn("Not listening on {}: {}", extra, e.getMessage());
                                      return Future.succeededFuture();
                                    }));
              }
              return more.map(actual);
            });
  }

  private Future<Integer> listen(HttpServerOptions options, Router router, String host, int port) {
    return new RequestHeadTimeout(vertx, timeouts.requestHead())
        .install(vertx.createHttpServer(options), router)
        .listen(port, host)
        .map(
            s -> {
              servers.add(s);
              return s.actualPort();
            });
  }

  /** The routes the started server answers, for checking them against {@link OpenApi}. */
  public List<Route> routes() {
    return router == null ? List.of() : router.getRoutes();
  }

  public Future<Void> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    servers.forEach(s -> closing.add(s.close()));
    Future<Void> closed = Future.all(closing).mapEmpty();
    return closed.onComplete(
        v -> {
          if (db != null) {
            db.close();
          }
          if (hashing != null) {
            hashing.close();
          }
        });
  }

  private Router router() {
    Router router = Router.router(vertx);
    ApiSecurity security = parts.security();
    Authn authn =
        new Authn(security.tokens(), security.users(), security.audit(), db, parts.clock());
    DeviceJson deviceJson = new DeviceJson(parts.latest(), parts.catalog());
    DevicesHandler devices =
        new DevicesHandler(
            parts.registry(), deviceJson, parts.clock(), authn, parts.catalog().domains());
    ReadingsHandler readings =
        new ReadingsHandler(
            parts.registry(), parts.series(), parts.catalog(), db, parts.clock(), authn);
    TokenHandler tokens =
        new TokenHandler(
            security,
            authn,
            db,
            hashing,
            new RateLimiter(security.authPerSecond(), security.authBurst(), parts.clock()));
    UsersHandler users = new UsersHandler(security.users(), authn, db);
    CredentialsHandler credentials =
        new CredentialsHandler(security.deviceCredentials(), parts.registry(), authn, db);
    ZonesHandler zones = new ZonesHandler(parts.zones(), parts.registry(), parts.zoneAttribution());

    router.route().handler(new SecurityHeaders(tls, parts.baseMap()));
    if (!security.allowedOrigins().isEmpty()) {
      router
          .route()
          .handler(
              CorsHandler.create()
                  .addOrigins(security.allowedOrigins())
                  .allowedMethods(
                      Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
                  .allowedHeaders(Set.of("Authorization", "Content-Type")));
    }
    // Before any route reads a path parameter: no id or name has a control character.
    router.route("/api/*").handler(ControlCharacters::refuseInPath);
    router.get("/api/v1/health").handler(new HealthHandler(parts.health())::handle);
    router.get(OpenApi.PATH).handler(OpenApi.of(parts.extensions())::serve);
    router.post("/api/v1/auth/token").handler(smallBody()).handler(tokens::token);
    router.post("/api/v1/auth/refresh").handler(smallBody()).handler(tokens::refresh);

    Handler<RoutingContext> bearer = authn.bearer();
    router
        .get("/metrics")
        // Prometheus signs in with a scraper credential (HTTP Basic); people with their token.
        .handler(ctx -> scraper(ctx, security.deviceCredentials(), bearer))
        .handler(authn.require(Permission.READ_METRICS))
        // Prometheus text format; scraping formats in memory, cheap enough for the event loop.
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(parts.metrics().scrape()));
    Handler<RoutingContext> map = authn.require(Permission.READ_MAP);
    router.get("/api/v1/devices").handler(bearer).handler(map).handler(devices::list);
    router.get("/api/v1/devices/:id").handler(bearer).handler(map).handler(devices::one);
    router
        .get("/api/v1/devices/:id/readings")
        .handler(bearer)
        .handler(map)
        .handler(readings::handle);
    router.get("/api/v1/zones").handler(bearer).handler(map).handler(zones::handle);
    MapHandler mapView =
        new MapHandler(
            parts.registry(),
            parts.latest(),
            parts.liveFeed().statusTally(),
            parts.catalog().domains(),
            db,
            parts.clock());
    router.get(MapHandler.PATH).handler(bearer).handler(map).handler(mapView::handle);
    List<String> scripts = new ArrayList<>();
    parts.extensions().forEach(extension -> scripts.addAll(extension.consoleScripts()));
    // Filled as the features mount their routes below, before the server takes requests.
    Set<FeaturePermission> featurePermissions = ConcurrentHashMap.newKeySet();
    ConsoleHandler console =
        new ConsoleHandler(parts.catalog(), scripts, featurePermissions, parts.baseMap());
    router.get("/api/v1/catalog").handler(bearer).handler(map).handler(console::catalog);
    router.get("/api/v1/features").handler(bearer).handler(map).handler(console::features);
    AlertsHandler alerts =
        new AlertsHandler(
            parts.alerts(),
            parts.outbox(),
            parts.series(),
            parts.registry(),
            authn,
            db,
            vertx,
            parts.clock());
    router.get("/api/v1/alerts").handler(bearer).handler(map).handler(alerts::list);
    router.get("/api/v1/alerts/counts").handler(bearer).handler(map).handler(alerts::counts);
    router.get("/api/v1/alerts/:id").handler(bearer).handler(map).handler(alerts::one);
    router
        .post("/api/v1/alerts/:id/acknowledge")
        .handler(bearer)
        .handler(authn.require(Permission.ACKNOWLEDGE_ALERTS))
        .handler(alerts::acknowledge);
    SubscriptionsHandler subscriptions =
        new SubscriptionsHandler(parts.subscriptions(), parts.scopes(), authn, db);
    router.get("/api/v1/subscriptions").handler(bearer).handler(map).handler(subscriptions::list);
    router
        .post("/api/v1/subscriptions")
        .handler(smallBody())
        .handler(bearer)
        .handler(map)
        .handler(subscriptions::add);
    router
        .delete("/api/v1/subscriptions/:id")
        .handler(bearer)
        .handler(map)
        .handler(subscriptions::delete);
    AckPage ackPage =
        new AckPage(
            parts.ackLinks(),
            parts.alerts(),
            security.users(),
            parts.registry(),
            parts.catalog(),
            db,
            vertx,
            parts.clock());
    router.get("/ack/:token").handler(ackPage::show);
    router.post("/ack/:token").handler(ackPage::acknowledge);
    router
        .get("/api/v1/live")
        .handler(ctx -> pauseThen(ctx))
        .handler(authn.bearerOrQuery())
        .handler(map)
        .handler(this::upgradeToLive);
    router
        .get("/api/v1/quarantine")
        .handler(bearer)
        .handler(authn.require(Permission.READ_QUARANTINE))
        .handler(new QuarantineHandler(parts.quarantine(), db)::handle);
    router
        .get("/api/v1/audit")
        .handler(bearer)
        .handler(authn.require(Permission.READ_AUDIT))
        .handler(new AuditHandler(security.audit(), db)::handle);
    Handler<RoutingContext> manageUsers = authn.require(Permission.MANAGE_USERS);
    router.get("/api/v1/users").handler(bearer).handler(manageUsers).handler(users::list);
    router
        .post("/api/v1/users")
        .handler(smallBody())
        .handler(bearer)
        .handler(manageUsers)
        .handler(users::add);
    router
        .delete("/api/v1/users/:name")
        .handler(bearer)
        .handler(manageUsers)
        .handler(users::delete);
    Handler<RoutingContext> manageCredentials = authn.require(Permission.MANAGE_DEVICE_CREDENTIALS);
    router
        .post("/api/v1/devices/:id/credentials")
        .handler(bearer)
        .handler(manageCredentials)
        .handler(credentials::device);
    router
        .post("/api/v1/gateways/:name/credentials")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(bearer)
        .handler(manageCredentials)
        .handler(credentials::gateway);
    FeatureRoutes featureRoutes =
        new KernelRoutes(router, authn, bearer, deviceJson, featurePermissions);
    parts.extensions().forEach(extension -> extension.mount(router, featureRoutes));
    router
        .route("/api/*")
        .handler(ctx -> Responses.error(ctx, 404, "not_found", "no such API route"));
    router.route("/api/*").failureHandler(ctx -> Responses.failure(ctx, ctx.failure()));
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    return router;
  }

  /**
   * {@code /metrics} with HTTP Basic: a scraper credential's, checked on the worker pool, serves
   * the metrics and nothing else; any other Basic credential is 401. A bearer token goes the usual
   * way.
   */
  private void scraper(
      RoutingContext ctx,
      vn.cantho.ioc.core.auth.DeviceCredentials credentials,
      Handler<RoutingContext> bearer) {
    var basic =
        vn.cantho.ioc.core.auth.BasicCredentials.of(ctx.request().getHeader("Authorization"));
    if (basic == null) {
      bearer.handle(ctx);
      return;
    }
    db.executeBlocking(() -> credentials.check(basic.username(), basic.password()), false)
        .onComplete(
            checked -> {
              if (checked.failed()) {
                ctx.fail(checked.cause());
              } else if (checked.result().isPresent()
                  && checked.result().get().kind()
                      == vn.cantho.ioc.core.auth.DeviceGrant.Kind.SCRAPER) {
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(parts.metrics().scrape());
              } else {
                ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"cantho-ioc-metrics\"");
                Responses.error(ctx, 401, "unauthorized", "scraper credential not valid");
              }
            });
  }

  /** Sign-in and small admin bodies; anything larger is refused with 413 before it is read. */
  /**
   * The routes features add: the same authentication, denial audit, body limit, worker pool and
   * error mapping as the kernel's own.
   */
  private final class KernelRoutes implements FeatureRoutes {
    private final Router router;
    private final Authn authn;
    private final Handler<RoutingContext> bearer;
    private final DeviceJson deviceJson;
    private final Set<FeaturePermission> permissions;

    KernelRoutes(
        Router router,
        Authn authn,
        Handler<RoutingContext> bearer,
        DeviceJson deviceJson,
        Set<FeaturePermission> permissions) {
      this.router = router;
      this.authn = authn;
      this.bearer = bearer;
      this.deviceJson = deviceJson;
      this.permissions = permissions;
    }

    @Override
    public void route(
        HttpMethod method,
        String path,
        FeaturePermission permission,
        Handler<RoutingContext> handler) {
      permissions.add(permission);
      mount(method, path, allow(permission), handler);
    }

    @Override
    public void route(
        HttpMethod method, String path, Permission permission, Handler<RoutingContext> handler) {
      mount(method, path, authn.require(permission), handler);
    }

    /** Body (for PUT, POST, PATCH), bearer token, permission, then the feature's handler. */
    private void mount(
        HttpMethod method,
        String path,
        Handler<RoutingContext> permission,
        Handler<RoutingContext> handler) {
      Route route = router.route(method, path);
      if (method == HttpMethod.PUT || method == HttpMethod.POST || method == HttpMethod.PATCH) {
        route.handler(smallBody());
      }
      route.handler(bearer).handler(permission).handler(handler);
    }

    @Override
    public void mountOpen(String path, Router open) {
      if (!path.startsWith("/") || path.startsWith("/api/") || path.endsWith("/")) {
        throw new IllegalArgumentException("an open route lies outside /api/, without a final /");
      }
      router.route(path + "*").subRouter(open);
    }

    @Override
    public WorkerExecutor worker() {
      return db;
    }

    @Override
    public Authn authn() {
      return authn;
    }

    @Override
    public DeviceJson deviceJson() {
      return deviceJson;
    }

    @Override
    public void get(String path, FeaturePermission permission, FeatureHandler handler) {
      permissions.add(permission);
      router
          .get(path)
          .handler(bearer)
          .handler(allow(permission))
          .handler(ctx -> run(ctx, handler, new JsonObject()));
    }

    @Override
    public void post(String path, FeaturePermission permission, FeatureHandler handler) {
      permissions.add(permission);
      router
          .post(path)
          .handler(smallBody())
          .handler(bearer)
          .handler(allow(permission))
          .handler(
              ctx -> {
                JsonObject body;
                try {
                  body = JsonBodies.object(ctx);
                } catch (BadRequest e) {
                  Responses.failure(ctx, e);
                  return;
                }
                run(ctx, handler, body);
              });
    }

    private Handler<RoutingContext> allow(FeaturePermission permission) {
      return ctx -> {
        Caller caller = Authn.caller(ctx);
        if (caller.may(permission)) {
          ctx.next();
        } else {
          authn.deny(
              ctx,
              403,
              "forbidden",
              "role " + caller.role().code() + " may not " + permission.code());
        }
      };
    }

    private void run(RoutingContext ctx, FeatureHandler handler, JsonObject body) {
      Map<String, String> query = new java.util.HashMap<>();
      ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
      FeatureRequest request = new FeatureRequest(Authn.caller(ctx), ctx.pathParams(), query, body);
      db.executeBlocking(() -> handler.handle(request), false)
          .onSuccess(answer -> Responses.ok(ctx, answer))
          .onFailure(e -> Responses.failure(ctx, e));
    }
  }

  private static BodyHandler smallBody() {
    return BodyHandler.create(false).setBodyLimit(SMALL_BODY_BYTES);
  }

  /** Holds the upgrade request while its token is checked off the event loop. */
  private static void pauseThen(RoutingContext ctx) {
    ctx.request().pause();
    ctx.next();
  }

  private void upgradeToLive(RoutingContext ctx) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      Responses.error(
          ctx, 400, "websocket_required", "/api/v1/live is a WebSocket: send an upgrade request");
      return;
    }
    Caller caller = Authn.caller(ctx);
    Predicate<Device> filter =
        DevicesHandler.filter(ctx, parts.catalog().domains()).and(caller::sees);
    String zoneAsked = QueryParams.text(ctx, "zone");
    Predicate<String> zones =
        zone -> caller.seesZone(zone) && (zoneAsked == null || zoneAsked.equals(zone));
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> watch(socket, caller, filter, zones))
        .onFailure(
            e -> {
              // A client that goes away mid-handshake: nothing to answer, nothing to keep.
              if (!ctx.response().headWritten()) {
                Responses.error(ctx, 400, "websocket_failed", "WebSocket handshake failed");
              }
              LOG.debug("Live feed handshake failed: {}", e.getMessage());
            });
  }

  private void watch(
      ServerWebSocket socket, Caller caller, Predicate<Device> filter, Predicate<String> zones) {
    // The feed ends with the token: the console then refreshes and reconnects.
    long ms = Math.max(1, Duration.between(parts.clock().instant(), caller.expiresAt()).toMillis());
    long timer = vertx.setTimer(ms, id -> socket.close((short) 1008, "token expired"));
    // Traffic of its own, so a quiet feed outlives the idle timeout; the browser pongs.
    long ping =
        vertx.setPeriodic(
            Math.max(1, timeouts.idle().toMillis() / 2),
            id -> {
              if (!socket.isClosed()) {
                socket.writePing(Buffer.buffer());
              }
            });
    parts
        .liveFeed()
        .addClient(
            socket,
            filter,
            zones,
            () -> {
              vertx.cancelTimer(timer);
              vertx.cancelTimer(ping);
            });
  }
}
