package vn.cantho.ioc.core.feature;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.cantho.ioc.core.alert.AlertEvent;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.api.ApiServer;
import vn.cantho.ioc.core.api.ApiTestServer;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.command.CommandsApi;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.LocalCodec;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.NotificationPlanner;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * One or more features on the real kernel, for testing their HTTP behaviour in their own module
 * (ADR 0012): a real PostgreSQL ({@code PostgresExtension}), the real {@link FeatureHost} (their
 * migrations, the catalog with their metrics, their start, the words of their alerts), and the real
 * {@code ApiServer} on 127.0.0.1 with their routes, behind the kernel's authentication, permission
 * checks, body limits and error mapping. What they publish live is recorded ({@link #live()}).
 *
 * <p>Periodic jobs are not scheduled (a test runs them itself, {@link IocFeature#jobs}); no ingest
 * pipeline runs (a test publishes {@link CommittedReadings} on {@link #vertx()}'s event bus at
 * {@link CommittedReadings#ADDRESS} if it needs readings); notifications are written to the outbox
 * but not sent.
 *
 * <pre>{@code
 * try (FeatureTestKit kit = new FeatureTestKit(db, List.of(new MyFeature()), List.of(device))) {
 *   String token = kit.token("op", Role.CITY_OPERATOR, List.of());
 *   assertThat(kit.get("/api/v1/my/things", token).statusCode()).isEqualTo(200);
 * }
 * }</pre>
 */
public final class FeatureTestKit implements AutoCloseable {
  /**
   * A message a feature published to the live map, about a device ({@code zoneId} null) or a zone
   * ({@code subject} null).
   */
  public record LiveMessage(String type, Device subject, String zoneId, JsonObject body) {}

  private final Database database;
  private final DeviceRegistry registry = new DeviceRegistry();
  private final List<LiveMessage> live = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final UserStore users;
  private final FeatureHost host;
  private final MetricCatalog catalog;
  private final AlertStore alerts;
  private final ApiTestServer server;

  /** The command service's in-flight bound in the kit: small, so tests can reach it. */
  public static final int COMMANDS_IN_FLIGHT = 64;

  private CommandService commands;
  private final LatestState latest = new LatestState();

  /** The features on the given devices, with no zones, on the system clock. */
  public FeatureTestKit(Database database, List<IocFeature> features, List<Device> devices)
      throws Exception {
    this(database, features, devices, new ZoneIndex(List.of()), Clock.systemUTC());
  }

  /**
   * Registers the devices (database and registry), migrates and starts the features and starts the
   * API; blocking. The devices are upserted, so tests sharing a database may register the same
   * device again.
   *
   * @param zones where the features place things ({@link FeatureContext#zones()}) and what zone
   *     routes serve
   */
  public FeatureTestKit(
      Database database,
      List<IocFeature> features,
      List<Device> devices,
      ZoneIndex zones,
      Clock clock)
      throws Exception {
    this(database, features, devices, zones, clock, vn.cantho.ioc.core.reading.ReadingSink.NONE);
  }

  /** The same, with an ingest pipeline for features that receive readings themselves. */
  public FeatureTestKit(
      Database database,
      List<IocFeature> features,
      List<Device> devices,
      ZoneIndex zones,
      Clock clock,
      vn.cantho.ioc.core.reading.ReadingSink ingest)
      throws Exception {
    this(database, features, devices, zones, clock, ingest, OpenTopics.NONE);
  }

  /** The same, with the broker's open topics for features that publish there. */
  public FeatureTestKit(
      Database database,
      List<IocFeature> features,
      List<Device> devices,
      ZoneIndex zones,
      Clock clock,
      vn.cantho.ioc.core.reading.ReadingSink ingest,
      OpenTopics openTopics)
      throws Exception {
    this.database = database;
    host = new FeatureHost(features); // refuses two features of one id, before anything starts
    vertx = Vertx.vertx();
    vertx
        .eventBus()
        .registerDefaultCodec(CommittedReadings.class, new LocalCodec<>(CommittedReadings.class))
        .registerDefaultCodec(AlertEvent.class, new LocalCodec<>(AlertEvent.class));
    try {
      new DeviceStore(database).upsert(devices);
      registry.putAll(devices);
      host.migrate(database);
      catalog = host.catalog(MetricCatalog.defaults());
      SigningSecret secret = ApiTestServer.freshSecret();
      AckLinks ackLinks = new AckLinks(secret, "http://127.0.0.1", clock);
      NotificationPlanner planner = new NotificationPlanner(ackLinks, clock);
      alerts = new AlertStore(database, planner);
      users = new UserStore(database, new vn.cantho.ioc.core.auth.PasswordHasher());
      LiveChannel channel =
          new LiveChannel() {
            @Override
            public void publish(String type, Device subject, JsonObject body) {
              live.add(new LiveMessage(type, subject, null, body.copy()));
            }

            @Override
            public void publishToZone(String type, String zoneId, JsonObject body) {
              live.add(new LiveMessage(type, null, zoneId, body.copy()));
            }
          };
      commands =
          new CommandService(
              database,
              new vn.cantho.ioc.core.audit.AuditLog(database),
              channel,
              clock,
              COMMANDS_IN_FLIGHT);
      commands.start();
      host.start(
          new FeatureHost.Kernel(
              database,
              clock,
              registry,
              catalog,
              channel,
              alerts,
              planner,
              zones,
              users,
              vertx,
              commands,
              ingest,
              openTopics));
      server =
          new ApiTestServer(
              vertx,
              database,
              clock,
              secret,
              new ApiTestServer.Node(
                  registry,
                  catalog,
                  zones,
                  alerts,
                  ackLinks,
                  planner::scopeVisible,
                  host.health(),
                  List.of(host.routes(), new CommandsApi(commands, registry, latest))),
              ApiServer.Timeouts.DEFAULT);
    } catch (Exception | Error e) {
      if (commands != null) {
        commands.close();
      }
      host.close();
      vertx.close().toCompletionStage().toCompletableFuture().join();
      throw e;
    }
  }

  /**
   * A bearer access token of the user, created with that role and zones if he does not exist yet.
   * An existing user keeps what he has; a different role is refused, so two tests sharing a
   * database do not silently test someone else.
   */
  public String token(String username, Role role, List<String> zones) throws Exception {
    User user = users.find(username).orElse(null);
    if (user == null) {
      byte[] password = new byte[16];
      new SecureRandom().nextBytes(password);
      user = users.add(username, role, zones, HexFormat.of().formatHex(password).toCharArray());
    } else if (user.role() != role) {
      throw new IllegalStateException(
          "user " + username + " exists with role " + user.role().code() + ", not " + role.code());
    }
    return server.token(user);
  }

  /** {@code GET} the path; a null token sends none. */
  public HttpResponse<String> get(String path, String token) throws Exception {
    return server.get(path, token);
  }

  /** {@code PUT} a JSON body. */
  public HttpResponse<String> put(String path, String token, String json) throws Exception {
    return server.put(path, token, json);
  }

  /** {@code POST} a JSON body. */
  public HttpResponse<String> post(String path, String token, String json) throws Exception {
    return server.post(path, token, json);
  }

  public HttpResponse<String> delete(String path, String token) throws Exception {
    return server.delete(path, token);
  }

  /** What the features published live so far, oldest first. */
  public List<LiveMessage> live() {
    return new ArrayList<>(live);
  }

  /** The features' indicators, as the node's KPI recorder measures them. */
  public List<vn.cantho.ioc.core.kpi.KpiSource> kpiSources() {
    return host.kpiSources();
  }

  /** The kernel's alert lifecycle the features were given, writing notifications as a node's. */
  public AlertStore alerts() {
    return alerts;
  }

  /** The kernel's command service, as features get it; add a test's downlink to it. */
  public CommandService commands() {
    return commands;
  }

  /** The latest values the twins' reported side reads; a test applies readings to it. */
  public LatestState latest() {
    return latest;
  }

  /** The audit log's actions by one actor, oldest first. */
  public List<String> auditedActions(String actor) throws java.sql.SQLException {
    List<String> actions = new java.util.ArrayList<>();
    try (java.sql.Connection c = database.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT action FROM audit_log WHERE actor = ? ORDER BY id")) {
      ps.setString(1, actor);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          actions.add(rs.getString(1));
        }
      }
    }
    return actions;
  }

  public Database database() {
    return database;
  }

  /** The registry the features and the API share. */
  public DeviceRegistry devices() {
    return registry;
  }

  /** The kernel's catalog with every feature's metrics. */
  public MetricCatalog catalog() {
    return catalog;
  }

  public UserStore users() {
    return users;
  }

  /** The node's Vert.x: its event bus carries committed readings to the features. */
  public Vertx vertx() {
    return vertx;
  }

  /** The features' host, for what a test drives itself (health, jobs). */
  public FeatureHost host() {
    return host;
  }

  /**
   * The routes the API's router holds, the kernel's and the features': a feature's module checks
   * its OpenAPI fragments against them ({@code RouteCoverage.check} with the document served at
   * {@code /api/v1/openapi.json}), as no node test loads every feature.
   */
  public List<Route> routes() {
    return server.routes();
  }

  /** The API's port on 127.0.0.1. */
  public int port() {
    return server.port();
  }

  /** Stops the features, the server and Vert.x; the database stays open (the extension's). */
  @Override
  public void close() {
    try {
      host.close();
    } finally {
      commands.close();
      server.close();
    }
  }
}
