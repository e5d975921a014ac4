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
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceRegistry;
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
 * The real API server on loopback, on a test database, with no devices and no zones: for tests of
 * what every route shares (sign-in, tokens, denials, connection timeouts). Sign-in is not
 * rate-limited beyond the brute-force guard.
 */
final class ApiTestServer implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Vertx vertx = Vertx.vertx();
  final UserStore users;
  final AuditLog audit;
  final LocalTokens localTokens;
  final int port;
  private final ApiServer server;

  ApiTestServer(Database db, Clock clock, ApiServer.Timeouts timeouts) throws Exception {
    this(db, clock, timeouts, List.of());
  }

  /** With routes of extensions besides the core's, as a node mounts its adapters' routes. */
  ApiTestServer(
      Database db, Clock clock, ApiServer.Timeouts timeouts, List<ApiExtension> extensions)
      throws Exception {
    SigningSecret secret =
        SigningSecret.loadOrCreate(Files.createTempDirectory("ioc-api").resolve("jwt-secret"));
    users = new UserStore(db, new PasswordHasher());
    audit = new AuditLog(db);
    localTokens = new LocalTokens(secret, LocalTokens.DEFAULT_TTL, clock);
    DeviceRegistry registry = new DeviceRegistry();
    LatestState latest = new LatestState();
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
                MetricCatalog.defaults(),
                new ZoneIndex(List.of()),
                "",
                new LiveFeed(registry, latest, clock),
                List.of(),
                extensions,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                security,
                new AlertStore(db),
                new Outbox(db),
                new AckLinks(secret, "http://127.0.0.1", clock),
                new SubscriptionStore(db),
                SubscriptionScopes.NONE,
                clock),
            timeouts);
    port = server.start("127.0.0.1", 0, null).toCompletionStage().toCompletableFuture().join();
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String token, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The routes the server answers, as its router holds them. */
  List<Route> routes() {
    return server.routes();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    server.stop().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
