package vn.cantho.ioc.core.api;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.IssuerRouting;
import vn.cantho.ioc.core.auth.LocalTokens;
import vn.cantho.ioc.core.auth.LoginGuard;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.RefreshTokens;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.LiveFeed;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.SubscriptionScopes;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.SeriesStore;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The real API server on loopback, on a test database: with no devices and no zones for tests of
 * what every route shares (sign-in, tokens, denials, connection timeouts), or with the devices,
 * zones, alerts and extensions of a {@link Node} a test assembled (the feature test kit, {@code
 * vn.cantho.ioc.core.feature.FeatureTestKit}). Sign-in is not rate-limited beyond the brute-force
 * guard. Public, as it ships in ioc-core's test-jar for the modules built on the kernel.
 */
public final class ApiTestServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Vertx vertx;
  final UserStore users;
  final AuditLog audit;
  final LocalTokens localTokens;
  final int port;
  final LatestState latest;
  final LiveFeed liveFeed;
  private final ApiServer server;

  /**
   * What a node hands the API besides the stores the server makes itself (users, audit, series,
   * quarantine, outbox, tokens).
   *
   * @param ackLinks signed with the same secret as the server's tokens
   * @param health indicators shown under {@code /api/v1/health}
   * @param extensions routes besides the kernel's (adapters', features')
   */
  public record Node(
      DeviceRegistry registry,
      MetricCatalog catalog,
      ZoneIndex zones,
      AlertStore alerts,
      AckLinks ackLinks,
      SubscriptionScopes scopes,
      List<HealthIndicator> health,
      List<ApiExtension> extensions) {}

  ApiTestServer(Database db, Clock clock, ApiServer.Timeouts timeouts) throws Exception {
    this(db, clock, timeouts, List.of());
  }

  /** With routes of extensions besides the core's, as a node mounts its adapters' routes. */
  ApiTestServer(
      Database db, Clock clock, ApiServer.Timeouts timeouts, List<ApiExtension> extensions)
      throws Exception {
    this(Vertx.vertx(), db, clock, freshSecret(), timeouts, extensions);
  }

  private ApiTestServer(
      Vertx vertx,
      Database db,
      Clock clock,
      SigningSecret secret,
      ApiServer.Timeouts timeouts,
      List<ApiExtension> extensions)
      throws Exception {
    this(
        vertx,
        db,
        clock,
        secret,
        new Node(
            new DeviceRegistry(),
            MetricCatalog.defaults(),
            new ZoneIndex(List.of()),
            new AlertStore(db),
            new AckLinks(secret, "http://127.0.0.1", clock),
            SubscriptionScopes.NONE,
            List.of(),
            extensions),
        timeouts);
  }

  /**
   * Starts the server on 127.0.0.1, on a port of its own, with the node's parts; it runs on {@code
   * vertx} and closes it when it closes.
   *
   * @param secret signs and checks the access tokens ({@link #token})
   */
  public ApiTestServer(
      Vertx vertx,
      Database db,
      Clock clock,
      SigningSecret secret,
      Node node,
      ApiServer.Timeouts timeouts)
      throws Exception {
    this.vertx = vertx;
    users = new UserStore(db, new PasswordHasher());
    audit = new AuditLog(db);
    localTokens = new LocalTokens(secret, LocalTokens.DEFAULT_TTL, clock);
    DeviceRegistry registry = node.registry();
    latest = new LatestState();
    liveFeed = new LiveFeed(registry, latest, clock);
    ApiSecurity security =
        new ApiSecurity(
            new IssuerRouting(localTokens, null),
            localTokens,
            new RefreshTokens(db, RefreshTokens.DEFAULT_TTL, clock),
            users,
            new DeviceCredentials(db),
            audit,
            new LoginGuard(clock),
            List.of(),
            1_000,
            1_000);
    server =
        new ApiServer(
            vertx,
            new ApiServer.Parts(
                registry,
                latest,
                new SeriesStore(db),
                new QuarantineStore(db),
                node.catalog(),
                node.zones(),
                "",
                BaseMap.NONE,
                liveFeed,
                node.health(),
                node.extensions(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                security,
                node.alerts(),
                new Outbox(db),
                node.ackLinks(),
                new SubscriptionStore(db),
                node.scopes(),
                clock),
            timeouts);
    port = server.start("127.0.0.1", 0, null).toCompletionStage().toCompletableFuture().join();
  }

  /**
   * Starts the live feed (not started otherwise: most tests need no feed), consuming committed
   * readings from the event bus as in the node.
   */
  public void startLiveFeed() {
    vertx
        .eventBus()
        .registerDefaultCodec(
            vn.cantho.ioc.core.reading.CommittedReadings.class,
            new vn.cantho.ioc.core.live.LocalCodec<>(
                vn.cantho.ioc.core.reading.CommittedReadings.class));
    java.util.concurrent.CompletableFuture<Void> started =
        new java.util.concurrent.CompletableFuture<>();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> {
              liveFeed.start(vertx);
              started.complete(null);
            });
    started.join();
  }

  /** A fresh random token-signing secret, in a temporary file of its own. */
  public static SigningSecret freshSecret() throws java.io.IOException {
    return SigningSecret.loadOrCreate(Files.createTempDirectory("ioc-api").resolve("jwt-secret"));
  }

  /** The people who sign in, on the server's database. */
  public UserStore users() {
    return users;
  }

  /** A bearer access token for the user, as sign-in would issue it. */
  public String token(User user) {
    return localTokens.issue(user);
  }

  public int port() {
    return port;
  }

  /** {@code GET}, with the bearer token unless it is null. */
  public HttpResponse<String> get(String path, String token) throws Exception {
    return send("GET", path, token, null);
  }

  /** {@code POST} of a JSON body. */
  public HttpResponse<String> post(String path, String token, String json) throws Exception {
    return send("POST", path, token, json);
  }

  /** {@code PUT} of a JSON body. */
  public HttpResponse<String> put(String path, String token, String json) throws Exception {
    return send("PUT", path, token, json);
  }

  public HttpResponse<String> delete(String path, String token) throws Exception {
    return send("DELETE", path, token, null);
  }

  /**
   * One request; a JSON body (null for none) goes as {@code application/json}, the token (null for
   * none) as a bearer.
   */
  public HttpResponse<String> send(String method, String path, String token, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The routes the server answers, as its router holds them: with {@link RouteCoverage}, whether
   * the OpenAPI document it serves describes exactly them.
   */
  public List<Route> routes() {
    return server.routes();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** Stops the server and closes its Vert.x. */
  @Override
  public void close() {
    server.stop().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
