package vn.cantho.ioc.deploy;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.http.HttpIngestEndpoint;
import vn.cantho.ioc.adapters.kafka.KafkaIngestAdapter;
import vn.cantho.ioc.adapters.mqtt.BrokerAuthEndpoint;
import vn.cantho.ioc.adapters.mqtt.MqttDownlink;
import vn.cantho.ioc.adapters.mqtt.MqttIngestAdapter;
import vn.cantho.ioc.adapters.mqtt.MqttIngestConfig;
import vn.cantho.ioc.adapters.mqtt.MqttOpenTopics;
import vn.cantho.ioc.adapters.opcua.OpcUaIngestAdapter;
import vn.cantho.ioc.adapters.opcua.OpcUaMappingReader;
import vn.cantho.ioc.core.alert.AlertBroadcast;
import vn.cantho.ioc.core.alert.AlertEvent;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.api.ApiSecurity;
import vn.cantho.ioc.core.api.ApiServer;
import vn.cantho.ioc.core.api.BaseMap;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.IssuerRouting;
import vn.cantho.ioc.core.auth.LocalTokens;
import vn.cantho.ioc.core.auth.LoginGuard;
import vn.cantho.ioc.core.auth.OidcTokens;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.RefreshTokens;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.cluster.ClusterListener;
import vn.cantho.ioc.core.cluster.ClusterLocks;
import vn.cantho.ioc.core.cluster.ClusterNotices;
import vn.cantho.ioc.core.cluster.Leadership;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.command.CommandsApi;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.RegistryFileReader;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.core.feature.JobScheduler;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;
import vn.cantho.ioc.core.kpi.KernelKpis;
import vn.cantho.ioc.core.kpi.KpiApi;
import vn.cantho.ioc.core.kpi.KpiRecorder;
import vn.cantho.ioc.core.kpi.KpiSource;
import vn.cantho.ioc.core.kpi.KpiStore;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.LiveFeed;
import vn.cantho.ioc.core.live.LocalCodec;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.NotificationDispatcher;
import vn.cantho.ioc.core.notify.NotificationPlanner;
import vn.cantho.ioc.core.notify.NotificationSettings;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.RetryPolicy;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.store.Durability;
import vn.cantho.ioc.core.store.PartitionMaintainer;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.core.store.SeriesStore;
import vn.cantho.ioc.core.store.ZoneLayer;
import vn.cantho.ioc.core.zone.ZoneLayers;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.ingest.IngestConfig;
import vn.cantho.ioc.ingest.IngestPipeline;

/**
 * One IOC node: database, zones, device registry, ingest pipeline, MQTT adapter and HTTP API, wired
 * in the order the data flows. The node keeps no durable state of its own.
 */
final class IocServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IocServer.class);

  /** Sign-in requests per client address: enough for an office behind one NAT, not for guessing. */
  static final double AUTH_PER_SECOND = 5;

  static final int AUTH_BURST = 60;

  /** Providers answer in well under a second; 4 in flight keep up with a city-wide DO crash. */
  static final int NOTIFY_THREADS = 4;

  private final ServerSettings settings;
  private final FeatureHost features;
  private final Clock clock = Clock.systemUTC();
  private Database database;
  private Vertx vertx;
  private JobScheduler jobs;

  /** How long a stop waits for periodic jobs in progress (a rollup slice, a KPI round). */
  private static final Duration JOBS_GRACE = Duration.ofSeconds(10);

  private IngestPipeline pipeline;
  private MqttIngestAdapter mqtt;
  private KafkaIngestAdapter kafka;
  private OpcUaIngestAdapter opcua;
  private MqttDownlink downlink;
  private MqttOpenTopics openTopics;

  /** At most this many slices of dirty buckets per minute (each Rollups.SLICE buckets). */
  static final int ROLLUP_SLICES_PER_RUN = 20;

  private CommandService commands;
  private NotificationDispatcher notifications;
  private ApiServer api;
  private int httpPort;
  private DeviceRegistry registry;
  private io.micrometer.core.instrument.MeterRegistry meters;
  private boolean closed;
  private Durability durability;
  private KpiRecorder kpis;

  /** Null on a lone node; in a cluster (a share group is set) who runs the once-only jobs. */
  private Leadership leadership;

  private ClusterListener clusterListener;

  /** Whether this node runs the cluster's once-only jobs now (always, on a lone node). */
  private java.util.function.BooleanSupplier leader = () -> true;

  IocServer(ServerSettings settings) {
    this(settings, FeatureHost.installed());
  }

  /** With the given features instead of those on the classpath (tests bring their own). */
  IocServer(ServerSettings settings, List<IocFeature> features) {
    this.settings = settings;
    this.features = new FeatureHost(features);
  }

  /** Starts everything; blocking, call from main. Returns the HTTP port. */
  int start() throws Exception {
    try {
      return startParts();
    } catch (Exception | Error e) {
      close(); // a half-started node must not linger with live threads and no HTTP server
      throw e;
    }
  }

  /**
   * Several nodes on one database and broker (ADR 0022): nodes that share the broker's subscription
   * are a cluster, whose leader runs the once-only jobs and whose nodes tell each other what they
   * commit.
   */
  private boolean clustered() {
    // A Kafka consumer group is a cluster too: its nodes split the topic's partitions (ADR 0024).
    return settings.mqttShareGroup() != null || settings.kafka() != null;
  }

  private int startParts() throws Exception {
    database = Database.open(settings.database());
    durability = checkDurability();
    MetricCatalog catalog = features.catalog(MetricCatalog.defaults());
    PartitionMaintainer partitions = new PartitionMaintainer(database);
    // Nodes of a cluster start together: one at a time through the schema, partitions, the first
    // zone layer and the registry file, so two never create the same partition, feature history
    // table or zone at once.
    ZoneLayer layer =
        ClusterLocks.exclusively(
            database.dataSource(),
            ClusterLocks.STARTUP_KEY,
            () -> {
              features.migrate(database);
              partitions.maintain(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
              ZoneLayer current = new ZoneLayers(database).current();
              registry = loadDevices(new ZoneIndex(current.zones()), catalog);
              return current;
            });
    ZoneIndex zones = new ZoneIndex(layer.zones());
    LatestState latest = new LatestState();
    latest.rebuild(database);

    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCacheDir(
                            Path.of(System.getProperty("java.io.tmpdir"), "ioc-vertx-cache")
                                .toString())));
    jobs = new JobScheduler(vertx);
    vertx
        .eventBus()
        .registerDefaultCodec(CommittedReadings.class, new LocalCodec<>(CommittedReadings.class))
        .registerDefaultCodec(AlertEvent.class, new LocalCodec<>(AlertEvent.class));
    LiveFeed liveFeed = new LiveFeed(registry, latest, clock);
    NotificationSettings notifySettings = settings.notifications();
    AckLinks ackLinks =
        new AckLinks(
            settings.security().jwtSecret(),
            () ->
                notifySettings.publicUrl() != null
                    ? notifySettings.publicUrl()
                    : "http://localhost:" + httpPort,
            clock);
    NotificationPlanner planner = new NotificationPlanner(ackLinks, clock);
    ClusterNotices notices = clustered() ? new ClusterNotices(settings.nodeId()) : null;
    AlertStore.TransitionHook onTransition =
        notices == null
            ? planner
            : (c, alert, kind, at) -> {
              planner.onTransition(c, alert, kind, at);
              notices.alert(c, alert, kind);
            };
    AlertStore alerts =
        new AlertStore(
            database, onTransition, event -> vertx.eventBus().publish(AlertEvent.ADDRESS, event));
    notifications =
        new NotificationDispatcher(
            new Outbox(database),
            notifySettings.senders(),
            RetryPolicy.DEFAULT,
            clock,
            NOTIFY_THREADS);
    notifications.start();
    CompletableFuture<Void> feedStarted = new CompletableFuture<>();
    vertx
        .getOrCreateContext()
        .runOnContext(
            v -> {
              liveFeed.start(vertx);
              feedStarted.complete(null);
            });
    feedStarted.join();
    AlertBroadcast.start(vertx, registry, liveFeed, notifications::wake);
    if (notices != null) {
      startCluster(notices, alerts);
    }
    UserStore users = new UserStore(database, new PasswordHasher());
    commands =
        new CommandService(
            database,
            new AuditLog(database),
            liveFeed,
            clock,
            CommandService.DEFAULT_MAX_IN_FLIGHT);
    commands.start();
    vertx
        .eventBus()
        .<CommittedReadings>consumer(
            CommittedReadings.ADDRESS, m -> commands.twins().heard(m.body().readings(), registry));
    QuarantineStore quarantine = new QuarantineStore(database);
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(meters);
    new JvmGcMetrics().bindTo(meters);
    meters.gauge("ioc.live.clients", liveFeed, LiveFeed::clientCount);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "ioc.live.skipped.frames", liveFeed, LiveFeed::skippedFrames)
        .description("live messages not sent to a client whose write queue was full")
        .register(meters);
    pipeline =
        new IngestPipeline(
            vertx,
            registry,
            catalog,
            features.derivedSteps(),
            new ReadingWriter(
                database, notices == null ? ReadingWriter.InCommit.NONE : notices::readings),
            quarantine,
            // Refuse exactly what the database's retention would drop.
            IngestConfig.defaults()
                .withRetention(Duration.ofDays(database.config().retentionDays())),
            clock,
            meters);
    MqttIngestConfig mqttConfig =
        new MqttIngestConfig(
            settings.mqttUri(),
            settings.nodeId(),
            settings.mqttUser(),
            settings.mqttPassword(),
            settings.mqttShareGroup(),
            MqttIngestConfig.DEFAULT_SESSION_EXPIRY,
            MqttIngestConfig.DEFAULT_RECEIVE_MAXIMUM,
            settings.security().mqttTrust());
    // Open data's MQTT topics (v1.0/…): connected before the features start, which publish there.
    openTopics = new MqttOpenTopics(mqttConfig);
    openTopics.start(30_000);
    meters.gauge("ioc.open.topics.dropped", openTopics, t -> (double) t.dropped());
    // After the pipeline exists (open data writes through it), before any reading flows: a
    // feature's rules must hear the first committed batch.
    features.start(
        new FeatureHost.Kernel(
            database,
            clock,
            registry,
            catalog,
            liveFeed,
            alerts,
            planner,
            zones,
            users,
            vertx,
            commands,
            pipeline,
            openTopics));

    List<HealthIndicator> health = new ArrayList<>(List.of(pipeline));
    if (settings.kafka() == null) {
      mqtt = new MqttIngestAdapter(mqttConfig, pipeline, registry, catalog, clock);
      mqtt.start(30_000);
      if (leadership != null) {
        adoptDeadNodes(mqttConfig, catalog);
      }
      health.add(mqtt);
    } else {
      // Kafka is the ingest lane: the devices' MQTT reaches it through the broker's Kafka bridge,
      // so the node does not also take the uplinks (each message would be ingested twice, and a
      // device's readings would no longer all reach the node that owns its partition). The broker
      // connection stays for commands and open data.
      kafka = new KafkaIngestAdapter(settings.kafka(), pipeline, registry, catalog, clock);
      kafka.bindTo(meters);
      kafka.start();
      health.add(kafka);
    }
    if (settings.opcuaMapping() != null) {
      opcua =
          OpcUaIngestAdapter.start(
              OpcUaMappingReader.read(settings.opcuaMapping()), pipeline, settings.pkiDirectory());
      health.add(opcua);
      commands.addDownlink(opcua.downlink());
    }
    // MQTT last: it reaches every device, so more specific transports must be asked first.
    downlink = new MqttDownlink(mqttConfig, commands, clock);
    downlink.start(30_000);
    commands.addDownlink(downlink);
    health.add(downlink.health());

    health.addAll(features.health());
    HealthIndicator dbHealth = databaseHealth();
    DeviceCredentials credentials = new DeviceCredentials(database);
    api =
        new ApiServer(
            vertx,
            new ApiServer.Parts(
                registry,
                latest,
                new SeriesStore(database),
                quarantine,
                catalog,
                zones,
                layer.attribution(),
                // Off unless IOC_MAP_TILES names a tile server (docs/console.md).
                BaseMap.fromEnvironment(System.getenv()),
                liveFeed,
                concat(dbHealth, health),
                List.of(
                    new HttpIngestEndpoint(vertx, pipeline, registry, catalog, credentials, clock),
                    new BrokerAuthEndpoint(vertx, credentials, clock),
                    new CommandsApi(commands, registry, latest),
                    new KpiApi(new KpiStore(database), clock),
                    features.routes()),
                meters,
                apiSecurity(credentials, users),
                alerts,
                new Outbox(database),
                ackLinks,
                new SubscriptionStore(database),
                planner::scopeVisible,
                clock));
    httpPort =
        api.start(settings.httpHost(), settings.httpPort(), settings.security().tls())
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    features.scheduleJobs(vertx, meters, leader);
    this.meters = meters;
    clusterMetrics(meters);
    scheduleKpis(latest);
    scheduleRollups();
    schedule(
        "partitions",
        Duration.ofHours(1),
        () -> {
          partitions.maintain(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
          return null;
        });
    LOG.info(
        "IOC node up: {} devices, {} zones, HTTP on {}:{}",
        registry.size(),
        zones.zones().size(),
        settings.httpHost(),
        httpPort);
    return httpPort;
  }

  /**
   * Logs how durable a commit is and refuses a database that could lose acknowledged readings in a
   * power cut, unless the settings allow it explicitly.
   */
  private Durability checkDurability() {
    Durability d = Durability.read(database);
    if (d.safe()) {
      LOG.info("Database durability: {}", d);
    } else if (settings.allowUnsafeDurability()) {
      LOG.warn("Database durability: {}; acknowledged readings can be lost in a power cut", d);
    } else {
      throw new IllegalStateException(
          "refusing to start: the database runs with "
              + d
              + "; acknowledged readings could be lost in a power cut. Turn them on, or start"
              + " with --allow-unsafe-durability (IOC_ALLOW_UNSAFE_DURABILITY=true)");
    }
    return d;
  }

  /** The leaders' indicators (issue 18): the kernel's and every feature's, every 5 minutes. */
  private void scheduleKpis(LatestState latest) {
    List<KpiSource> sources = new java.util.ArrayList<>();
    sources.add(new KernelKpis(registry, latest, database));
    sources.addAll(features.kpiSources());
    KpiRecorder recorder = new KpiRecorder(sources, new KpiStore(database), clock);
    kpis = recorder;
    schedule("KPIs", KpiRecorder.EVERY, recorder::recordNow);
  }

  /**
   * The rollups follow the readings every minute; packing moves hours older than two days into
   * packed rows every ten (docs/storage.md).
   */
  private void scheduleRollups() {
    vn.cantho.ioc.core.store.Rollups rollups = new vn.cantho.ioc.core.store.Rollups(database);
    schedule("rollups", Duration.ofMinutes(1), () -> rollups.rollUp(ROLLUP_SLICES_PER_RUN));
    vn.cantho.ioc.core.store.ReadingPacker packer =
        new vn.cantho.ioc.core.store.ReadingPacker(database, clock);
    schedule("packing", Duration.ofMinutes(10), packer::packOld);
  }

  /**
   * Kernel work every period on a worker; a run still going when the next is due is skipped. In a
   * cluster only the leader runs it (ADR 0022).
   */
  private void schedule(String name, Duration every, java.util.concurrent.Callable<?> work) {
    java.util.function.BooleanSupplier runsHere = leader;
    io.micrometer.core.instrument.Gauge.builder(
            "ioc.leader", runsHere, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 where this node runs the job (the leader, or every node for its own)")
        .strongReference(true)
        .tag("feature", "kernel")
        .tag("job", name)
        .register(meters);
    jobs.schedule(every, runsHere, work, e -> LOG.warn("{} failed: {}", name, e.toString()));
  }

  /**
   * The cluster's parts (ADR 0022): the leader lock, this node's registry changes announced, and
   * the listener that brings the other nodes' readings, alerts and devices to this node's live
   * feed, latest state and registry.
   */
  private void startCluster(ClusterNotices notices, AlertStore alerts) {
    leadership = new Leadership(settings.database(), settings.nodeId(), leaderCheck()).start();
    leader = leadership;
    registry.onPut(
        device ->
            vertx
                .executeBlocking(
                    () -> {
                      database.runInTransaction(c -> notices.device(c, device));
                      return null;
                    },
                    false)
                .onFailure(
                    e -> LOG.warn("Device {} not announced: {}", device.id(), e.toString())));
    clusterListener =
        new ClusterListener(
                settings.database(),
                settings.nodeId(),
                new ClusterListener.Handler() {
                  @Override
                  public void readings(ClusterNotices.ReadingsNotice notice) {
                    vertx
                        .eventBus()
                        .publish(
                            CommittedReadings.ELSEWHERE_ADDRESS,
                            new CommittedReadings(notice.readings(), clock.instant()));
                  }

                  @Override
                  public void alert(ClusterNotices.AlertNotice notice) throws Exception {
                    alerts
                        .find(notice.alertId())
                        .ifPresent(
                            a ->
                                vertx
                                    .eventBus()
                                    .publish(
                                        AlertEvent.ELSEWHERE_ADDRESS,
                                        new AlertEvent(notice.kind(), a)));
                  }

                  @Override
                  public void device(ClusterNotices.DeviceNotice notice) {
                    registry.putUnannounced(notice.device());
                  }
                })
            .start();
    LOG.info(
        "Cluster mode: node {} in share group {}, Kafka group {}; leader lock checked every {} s",
        settings.nodeId(),
        settings.mqttShareGroup(),
        settings.kafka() == null ? null : settings.kafka().groupId(),
        leaderCheck().toSeconds());
  }

  /** Broker sessions of dead nodes this node ingests as, by node id (ADR 0022). */
  private final java.util.Map<String, MqttIngestAdapter> standIns =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The leader ingests as each dead node (same client id, persistent session, same share group): a
   * broker that parks a shared subscription's messages with an absent member's session (mosquitto)
   * delivers them to us, and we keep taking that member's share until it comes back.
   */
  private void adoptDeadNodes(MqttIngestConfig mine, MetricCatalog catalog) {
    leadership.adoptWith(
        new Leadership.Adoption() {
          @Override
          public void adopt(String nodeId) throws Exception {
            MqttIngestConfig theirs =
                new MqttIngestConfig(
                    mine.brokerUri(),
                    nodeId,
                    mine.username(),
                    mine.password(),
                    mine.shareGroup(),
                    mine.sessionExpiry(),
                    mine.receiveMaximum(),
                    mine.trust());
            MqttIngestAdapter standIn =
                new MqttIngestAdapter(theirs, pipeline, registry, catalog, clock);
            standIns.put(nodeId, standIn);
            standIn.standIn(() -> stopStandIn(nodeId, true));
            try {
              standIn.start(30_000);
            } catch (Exception e) {
              stopStandIn(nodeId, false);
              throw e;
            }
            LOG.warn("Ingesting as {} until it comes back (its broker session)", nodeId);
          }

          @Override
          public void dropAll() {
            standIns.keySet().forEach(id -> stopStandIn(id, false));
          }
        });
  }

  /** Stops ingesting as a dead node, once; releases its lock when it took its session back. */
  private void stopStandIn(String nodeId, boolean release) {
    MqttIngestAdapter standIn = standIns.remove(nodeId);
    if (standIn != null) {
      standIn.stopIntake();
      closeQuietly(standIn);
      if (release && leadership != null) {
        leadership.release(nodeId);
      }
    }
  }

  /** How often a node tries the leader lock (and the leader checks its session). */
  private static Duration leaderCheck() {
    String s = System.getenv("IOC_CLUSTER_LEADER_CHECK_SECONDS");
    return s == null ? Leadership.DEFAULT_EVERY : Duration.ofSeconds(Long.parseLong(s));
  }

  private void clusterMetrics(io.micrometer.core.instrument.MeterRegistry meters) {
    if (clusterListener == null) {
      return;
    }
    ClusterListener l = clusterListener;
    io.micrometer.core.instrument.Gauge.builder(
            "ioc.cluster.leader", leadership, x -> x.isLeader() ? 1 : 0)
        .description("1 while this node holds the cluster's leader lock")
        .register(meters);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "ioc.cluster.notices.heard", l, ClusterListener::heard)
        .description("notices of other nodes' commits handed to this node's caches and feed")
        .register(meters);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "ioc.cluster.notices.dropped", l, ClusterListener::dropped)
        .description("notices of other nodes' commits dropped because this node's queue was full")
        .register(meters);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "ioc.cluster.listener.reconnects", l, ClusterListener::reconnects)
        .description("times the LISTEN session was lost and opened again")
        .register(meters);
  }

  /** Whether this node leads the cluster now (always true on a lone node). */
  boolean isLeader() {
    return leader.getAsBoolean();
  }

  private ApiSecurity apiSecurity(DeviceCredentials credentials, UserStore users)
      throws java.io.IOException {
    ServerSecurity security = settings.security();
    LocalTokens local = new LocalTokens(security.jwtSecret(), LocalTokens.DEFAULT_TTL, clock);
    OidcTokens oidc = security.oidc() == null ? null : new OidcTokens(security.oidc());
    return new ApiSecurity(
        new IssuerRouting(local, oidc),
        local,
        new RefreshTokens(database, RefreshTokens.DEFAULT_TTL, clock),
        users,
        credentials,
        new AuditLog(database),
        new LoginGuard(clock),
        security.allowedOrigins(),
        AUTH_PER_SECOND,
        AUTH_BURST);
  }

  private DeviceRegistry loadDevices(ZoneIndex zones, MetricCatalog catalog) throws Exception {
    DeviceStore store = new DeviceStore(database);
    if (settings.registryFile() != null) {
      List<Device> fromFile =
          new RegistryFileReader(zones, catalog.domains()).read(settings.registryFile());
      store.upsert(fromFile);
      LOG.info("Registered {} devices from {}", fromFile.size(), settings.registryFile());
    }
    DeviceRegistry devices = new DeviceRegistry();
    devices.putAll(store.loadAll());
    return devices;
  }

  private HealthIndicator databaseHealth() {
    return new HealthIndicator() {
      @Override
      public String name() {
        return "database";
      }

      @Override
      public io.vertx.core.Future<Health> check() {
        return vertx.executeBlocking(
            () ->
                database.ping()
                    ? Health.up(
                        java.util.Map.of(
                            "storage",
                            database.storageMode().description(),
                            "durability",
                            durability.toString()))
                    : Health.down("database does not answer"),
            false);
      }
    };
  }

  private static List<HealthIndicator> concat(HealthIndicator first, List<HealthIndicator> rest) {
    List<HealthIndicator> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  int httpPort() {
    return httpPort;
  }

  /** Every feature's demo data ({@code ioc demo}), once the demo's devices are registered. */
  void seedDemo(DemoSeed seed) throws Exception {
    features.seedDemo(seed);
  }

  vn.cantho.ioc.ingest.IngestStats ingestStats() {
    return pipeline.stats();
  }

  /** The node's Vert.x, e.g. to listen to {@code CommittedReadings} on its event bus. */
  Vertx vertx() {
    return vertx;
  }

  /**
   * Holds the node's periodic jobs (rollups, packing, KPIs, the features' jobs) until the handle
   * closes, after waiting at most {@code grace} for those in progress: the ingest bench measures
   * the database alone with nothing else writing. Blocking.
   */
  JobScheduler.Held holdJobs(Duration grace) {
    return jobs.hold(grace);
  }

  /**
   * Measures and stores the leaders' indicators now, as the 5-minute schedule does (a test that
   * cannot wait for it, e.g. the Grafana dashboards' queries against the real series); blocking.
   */
  java.time.Instant recordKpis() throws Exception {
    return kpis.recordNow();
  }

  /**
   * Where a broker in this JVM may hand uplinks (ADR 0026): the MQTT intake, which stores them as a
   * subscription would. Null when the node takes uplinks from Kafka instead.
   */
  UplinkHandOff.Intake uplinkIntake() {
    return mqtt == null ? null : mqtt::intake;
  }

  /** The node's command service (tests and benchmarks issue commands through it). */
  CommandService commands() {
    return commands;
  }

  DeviceRegistry registry() {
    return registry;
  }

  Database database() {
    return database;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Stop intake, then drain the pipeline while still connected, so what it commits is
    // acknowledged; messages arriving meanwhile stay with the broker and come back on the next
    // start.
    closeQuietly(opcua);
    if (mqtt != null) {
      mqtt.stopIntake();
    }
    if (kafka != null) {
      kafka.stopIntake();
    }
    standIns.values().forEach(MqttIngestAdapter::stopIntake);
    closeQuietly(pipeline);
    closeQuietly(mqtt);
    // After the pipeline drained: commits the offsets of what it committed, then leaves the group.
    closeQuietly(kafka);
    standIns.keySet().forEach(id -> stopStandIn(id, false));
    closeQuietly(notifications);
    // Vert.x must not close under a job still running (its completion would find no event loop).
    if (jobs != null) {
      jobs.stop(JOBS_GRACE);
    }
    if (features != null) {
      features.stopJobs(JOBS_GRACE);
    }
    if (api != null) {
      api.stop().toCompletionStage().toCompletableFuture().join();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    // The jobs have stopped: hand the leader lock over at once rather than at the next try.
    closeQuietly(leadership);
    closeQuietly(clusterListener);
    closeQuietly(features);
    // After the features: their jobs (lighting's schedules) may submit until they stop.
    closeQuietly(commands);
    closeQuietly(downlink);
    closeQuietly(openTopics);
    closeQuietly(database);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      long t0 = System.nanoTime();
      c.close();
      LOG.debug(
          "Stopped {} in {} ms",
          c.getClass().getSimpleName(),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception e) {
      LOG.warn("Error while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
    }
  }
}
