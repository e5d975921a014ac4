package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.alert.AlertBroadcast;
import vn.cantho.ioc.core.alert.AlertEvent;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.SigningSecret;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.LiveChannel;
import vn.cantho.ioc.core.live.LocalCodec;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.NotificationDispatcher;
import vn.cantho.ioc.core.notify.NotificationPlanner;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.RetryPolicy;
import vn.cantho.ioc.core.notify.SmsGatewaySender;
import vn.cantho.ioc.core.notify.Subscription;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.store.PartitionMaintainer;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.ingest.IngestConfig;
import vn.cantho.ioc.ingest.IngestPipeline;
import vn.cantho.ioc.sim.scenario.PondScenario;
import vn.cantho.ioc.sim.scenario.WaterEvent;
import vn.cantho.ioc.water.Ammonia;
import vn.cantho.ioc.water.WaterFeature;
import vn.cantho.ioc.water.farm.FarmStore;
import vn.cantho.ioc.water.farm.Pond;
import vn.cantho.ioc.water.rules.AlertEngine;
import vn.cantho.ioc.water.rules.RuleStore;
import vn.cantho.ioc.water.rules.SpeciesProfiles;
import vn.cantho.ioc.water.rules.ThresholdRule;

/**
 * {@code ioc bench water}: a simulated week of ponds with scripted events, in accelerated time,
 * through the real pipeline (validation, derived NH3 and pH swing, PostgreSQL, the rule engine, the
 * alert store, the outbox and an SMS gateway over HTTP on loopback), scored against the scenario's
 * ground truth. Time is the scenario's: every part that reads a clock reads one the benchmark steps
 * forward with the data, except the outbox's, whose latency is wall-clock.
 */
final class WaterBench {
  private static final Logger LOG = LoggerFactory.getLogger(WaterBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dry-season week: salinity intrusion is a March and April risk. */
  static final Instant DEFAULT_START = Instant.parse("2026-03-01T17:00:00Z"); // 00:00 in Can Tho

  /** How a probe reports: every five minutes, common for pond probes on a cellular modem. */
  static final Duration STEP = Duration.ofMinutes(5);

  /** How far behind the data the silence check runs, so it never outruns the writer. */
  private static final Duration SILENCE_LAG = Duration.ofMinutes(10);

  private final int ponds;
  private final int days;
  private final long seed;
  private final Path truthLog;

  /**
   * @param truthLog where to write the ground truth, one JSON line per event with how it was
   *     detected; null for none
   */
  WaterBench(int ponds, int days, long seed, Path truthLog) {
    this.ponds = ponds;
    this.days = days;
    this.seed = seed;
    this.truthLog = truthLog;
  }

  /** Runs the week; returns the result line. */
  String run(Path data) throws Exception {
    PondScenario scenario = new PondScenario(ponds, DEFAULT_START, days, 0.5, seed);
    MutableClock clock = new MutableClock(scenario.start());
    try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(embedded.config(8));
        DemoPhone gateway = DemoPhone.start(false)) {
      Vertx vertx = Vertx.vertx();
      try {
        vertx
            .eventBus()
            .registerDefaultCodec(
                CommittedReadings.class, new LocalCodec<>(CommittedReadings.class))
            .registerDefaultCodec(AlertEvent.class, new LocalCodec<>(AlertEvent.class));
        DeviceRegistry registry = register(database, scenario);
        NotificationDispatcher dispatcher =
            new NotificationDispatcher(
                new Outbox(database),
                Map.of(Channel.SMS, new SmsGatewaySender(gateway.uri(), null)),
                RetryPolicy.DEFAULT,
                Clock.systemUTC(),
                IocServer.NOTIFY_THREADS);
        // The server's wiring: the water feature started through the same host and seam.
        FeatureHost host = new FeatureHost(List.of(new WaterFeature()));
        host.migrate(database);
        MetricCatalog catalog = host.catalog(MetricCatalog.defaults());
        NotificationPlanner planner =
            new NotificationPlanner(new AckLinks(randomSecret(), "http://localhost", clock), clock);
        host.start(
            new FeatureHost.Kernel(
                database,
                clock,
                registry,
                catalog,
                LiveChannel.NONE, // no live map in a benchmark
                new AlertStore(
                    database,
                    planner,
                    event -> vertx.eventBus().publish(AlertEvent.ADDRESS, event)),
                planner,
                new ZoneIndex(List.of()),
                new UserStore(database, new PasswordHasher()),
                vertx,
                // Water sends no commands; the service is there because every feature gets one.
                new CommandService(
                    database,
                    new AuditLog(database),
                    LiveChannel.NONE,
                    clock,
                    CommandService.DEFAULT_MAX_IN_FLIGHT),
                // Water receives no readings itself: the bench drives the pipeline below.
                vn.cantho.ioc.core.reading.ReadingSink.NONE,
                vn.cantho.ioc.core.feature.OpenTopics.NONE));
        dispatcher.start();
        AlertBroadcast.start(vertx, registry, LiveChannel.NONE, dispatcher::wake);
        try (IngestPipeline pipeline =
            new IngestPipeline(
                vertx,
                registry,
                catalog,
                host.derivedSteps(),
                new ReadingWriter(database),
                new QuarantineStore(database),
                IngestConfig.defaults(),
                clock,
                new SimpleMeterRegistry())) {
          long t0 = System.nanoTime();
          long readings = drive(scenario, clock, pipeline, vertx, database);
          awaitQuiet(database);
          LOG.info(
              "Simulated {} days of {} ponds ({} readings) in {} s",
              days,
              ponds,
              readings,
              (System.nanoTime() - t0) / 1_000_000_000);
        }
        dispatcher.close();
        return score(scenario, database, new RuleStore(database));
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    }
  }

  /** Registers each pond's probe, its farm and pond, and its farmer's SMS subscription. */
  private static DeviceRegistry register(Database database, PondScenario scenario)
      throws SQLException {
    List<Device> devices = new ArrayList<>();
    FarmStore farms = new FarmStore(database);
    SubscriptionStore subscriptions = new SubscriptionStore(database);
    int i = 0;
    for (PondScenario.Pond p : scenario.ponds()) {
      double lon = 105.60 + 0.002 * (i % 100);
      double lat = 9.95 + 0.002 * (i / 100);
      String owner = "nong-dan-" + i;
      devices.add(
          new Device(
              p.id(),
              Domain.of("water"),
              p.species().deviceType(),
              "Đầu đo " + i,
              lon,
              lat,
              null,
              300,
              owner));
      i++;
    }
    new DeviceStore(database).upsert(devices);
    for (Device d : devices) {
      farms.putFarm("farm-" + d.id(), d.owner(), "Trại " + d.name(), null);
      farms.putPond(
          new Pond(
              "pond-" + d.id(),
              "farm-" + d.id(),
              null,
              null,
              "Ao " + d.id().substring(d.id().length() - 3),
              SpeciesProfiles.forDeviceType(d.type()).orElseThrow(),
              5000.0,
              null,
              d.lon(),
              d.lat(),
              null,
              List.of(d.id())));
      subscriptions.add(
          new Subscription(
              0,
              d.owner(),
              null,
              Channel.SMS,
              "09" + String.format(Locale.ROOT, "%08d", devices.indexOf(d)),
              Language.VI,
              Severity.WATCH,
              null,
              null));
    }
    DeviceRegistry registry = new DeviceRegistry();
    registry.putAll(devices);
    return registry;
  }

  /** Feeds the week step by step; returns how many readings went in. */
  private static long drive(
      PondScenario scenario,
      MutableClock clock,
      IngestPipeline pipeline,
      Vertx vertx,
      Database database)
      throws Exception {
    PartitionMaintainer partitions = new PartitionMaintainer(database);
    LocalDate maintained = null;
    long count = 0;
    for (Instant t = scenario.start(); t.isBefore(scenario.end()); t = t.plus(STEP)) {
      clock.set(t);
      LocalDate day = LocalDate.ofInstant(t, ZoneOffset.UTC);
      if (!day.equals(maintained)) {
        partitions.maintain(day);
        maintained = day;
      }
      List<Reading> batch = new ArrayList<>();
      for (PondScenario.Pond p : scenario.ponds()) {
        Optional<Map<String, Double>> values = scenario.reading(p, t);
        if (values.isPresent()) {
          for (Map.Entry<String, Double> v : values.get().entrySet()) {
            batch.add(new Reading(p.id(), v.getKey(), t, v.getValue(), Quality.GOOD, "bench"));
          }
        }
      }
      Future<Void> stored = pipeline.submit(batch);
      stored.toCompletionStage().toCompletableFuture().join();
      count += batch.size();
      // The engine checks every minute of its own; here, once a step, behind the writer.
      vertx.eventBus().publish(AlertEngine.CHECK_SILENCE, t.minus(SILENCE_LAG).toEpochMilli());
    }
    return count;
  }

  /** Until every alert transition is written and every message has left. */
  private static void awaitQuiet(Database database) throws Exception {
    long last = -1;
    int stable = 0;
    while (stable < 10) {
      long events = count(database, "SELECT count(*) FROM alert_events");
      long waiting =
          count(
              database, "SELECT count(*) FROM notifications WHERE state IN ('pending','sending')");
      stable = events == last && waiting == 0 ? stable + 1 : 0;
      last = events;
      Thread.sleep(200); // polling a database for quiet: there is no completion signal to wait on
    }
  }

  /** An alert event as stored: which pond, metric, kind, severity and when. */
  private record Transition(
      String device, String metric, String kind, Severity severity, Instant at) {}

  private String score(PondScenario scenario, Database database, RuleStore rules)
      throws SQLException, IOException {
    List<String> log = new ArrayList<>();
    List<Transition> transitions = transitions(database);
    Map<String, List<Transition>> byDevice = new HashMap<>();
    transitions.forEach(t -> byDevice.computeIfAbsent(t.device(), k -> new ArrayList<>()).add(t));

    Map<String, int[]> recallByKind = new TreeMap<>(); // kind → {detected, total}
    List<Double> criticalDelays = new ArrayList<>();
    Map<String, List<Double>> delaysByKind = new TreeMap<>();
    int criticalEvents = 0;
    int criticalDetected = 0;
    List<String> missed = new ArrayList<>();
    for (PondScenario.Pond pond : scenario.ponds()) {
      String profile = SpeciesProfiles.forDeviceType(pond.species().deviceType()).orElseThrow();
      List<ThresholdRule> pondRules = rules.forProfile(profile);
      for (WaterEvent e : scenario.events(pond.id())) {
        Truth truth = truth(scenario, pond, e, pondRules);
        // An alert from half an hour before the event on is about it (noise may cross a line
        // a little before the true water does); its delay is counted from the true onset.
        Instant from =
            (truth.onset().isBefore(e.start()) ? truth.onset() : e.start())
                .minus(Duration.ofMinutes(30));
        Instant to = e.end().plus(Duration.ofHours(1));
        Optional<Transition> first =
            byDevice.getOrDefault(pond.id(), List.of()).stream()
                .filter(t -> e.kind().alertMetrics().contains(t.metric()))
                .filter(t -> !t.at().isBefore(from) && t.at().isBefore(to))
                .findFirst();
        boolean reachedCritical =
            byDevice.getOrDefault(pond.id(), List.of()).stream()
                .filter(t -> e.kind().alertMetrics().contains(t.metric()))
                .filter(t -> !t.at().isBefore(from) && t.at().isBefore(to))
                .anyMatch(t -> t.severity() == Severity.CRITICAL);
        ObjectNode line = JSON.createObjectNode();
        line.put("pond", pond.id());
        line.put("kind", e.kind().code());
        line.put("start", e.start().toString());
        line.put("end", e.end().toString());
        line.put("onset", truth.onset().toString());
        line.put("critical", truth.critical());
        line.put("detected_at", first.map(t -> t.at().toString()).orElse(null));
        line.put("reached_critical", reachedCritical);
        log.add(line.toString());
        int[] r = recallByKind.computeIfAbsent(e.kind().code(), k -> new int[2]);
        r[1]++;
        if (first.isPresent()) {
          r[0]++;
          double delay =
              Math.max(0, Duration.between(truth.onset(), first.get().at()).toSeconds() / 60.0);
          delaysByKind.computeIfAbsent(e.kind().code(), k -> new ArrayList<>()).add(delay);
          if (truth.critical()) {
            criticalDelays.add(delay);
          }
        } else {
          missed.add(e.kind().code() + "@" + pond.id() + "@" + e.start());
        }
        if (truth.critical()) {
          criticalEvents++;
          if (reachedCritical) {
            criticalDetected++;
          } else {
            missed.add("not critical: " + e.kind().code() + "@" + pond.id() + "@" + e.start());
          }
        }
      }
    }

    long eventFreePonds =
        scenario.ponds().stream().filter(p -> scenario.events(p.id()).isEmpty()).count();
    long falseAlerts =
        transitions.stream()
            .filter(t -> t.kind().equals("raised"))
            .filter(t -> scenario.events(t.device()).isEmpty())
            .count();
    List<String> falseExamples =
        transitions.stream()
            .filter(t -> t.kind().equals("raised") && scenario.events(t.device()).isEmpty())
            .limit(5)
            .map(t -> t.metric() + "@" + t.device() + "@" + t.at())
            .toList();

    ObjectNode out = JSON.createObjectNode();
    out.put("bench", "water");
    out.put("ponds", ponds);
    out.put("days", days);
    out.put("seed", seed);
    out.put("events", scenario.allEvents().size());
    out.put("critical_events", criticalEvents);
    out.put(
        "critical_recall", criticalEvents == 0 ? 1.0 : (double) criticalDetected / criticalEvents);
    ObjectNode recall = out.putObject("recall_by_kind");
    recallByKind.forEach((k, v) -> recall.put(k, (double) v[0] / v[1]));
    out.put("detection_delay_p50_min", percentile(criticalDelays, 0.5));
    out.put("detection_delay_p95_min", percentile(criticalDelays, 0.95));
    ObjectNode byKind = out.putObject("detection_delay_p95_min_by_kind");
    delaysByKind.forEach((k, v) -> byKind.put(k, percentile(v, 0.95)));
    out.put(
        "false_alerts_per_100_pond_days",
        eventFreePonds == 0 ? 0 : 100.0 * falseAlerts / (eventFreePonds * days));
    out.put("event_free_pond_days", eventFreePonds * days);
    List<Double> latencies = latencies(database);
    out.put("notifications_delivered", latencies.size());
    out.put("notification_latency_p50_ms", percentile(latencies, 0.5));
    out.put("notification_latency_p99_ms", percentile(latencies, 0.99));
    out.put(
        "notifications_suppressed",
        count(database, "SELECT count(*) FROM notifications WHERE state = 'suppressed'"));
    if (truthLog != null) {
      Files.write(truthLog, log);
    }
    if (!missed.isEmpty()) {
      LOG.warn("Missed: {}", missed);
    }
    if (!falseExamples.isEmpty()) {
      LOG.warn("False alerts, first ones: {}", falseExamples);
    }
    return out.toString();
  }

  /** When an event's condition first holds in the true water, and whether it turns critical. */
  private record Truth(Instant onset, boolean critical) {}

  private static Truth truth(
      PondScenario scenario, PondScenario.Pond pond, WaterEvent e, List<ThresholdRule> rules) {
    if (e.kind().probeFailure()) {
      return new Truth(e.start(), false);
    }
    // The issue's critical events: a DO crash, salinity intrusion, NH3 above its critical level.
    boolean mayBeCritical = e.kind() != WaterEvent.Kind.PH_SWING;
    String metric =
        switch (e.kind()) {
          case DO_CRASH -> "do";
          case SALINITY_INTRUSION -> "salinity";
          case AMMONIA_SPIKE -> "nh3";
          default -> "ph_swing";
        };
    Instant onset = null;
    boolean critical = false;
    for (Instant t = e.start(); t.isBefore(e.end()); t = t.plus(STEP)) {
      double value = trueValue(scenario, pond, metric, t);
      for (ThresholdRule r : rules) {
        if (!r.metric().equals(metric)) {
          continue;
        }
        Severity level = r.levelOf(value);
        if (level != null && onset == null) {
          onset = t;
        }
        critical |= mayBeCritical && level == Severity.CRITICAL;
      }
    }
    return new Truth(onset == null ? e.start() : onset, critical);
  }

  private static double trueValue(
      PondScenario scenario, PondScenario.Pond pond, String metric, Instant t) {
    Map<String, Double> v = scenario.truth(pond, t);
    return switch (metric) {
      case "nh3" ->
          Ammonia.nh3N(
              v.get("tan"),
              v.get("ph"),
              v.get("temp"),
              pond.species() == PondScenario.Species.SHRIMP ? v.get("salinity") : null);
      case "ph_swing" -> {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (Instant s = t.minus(Duration.ofHours(24)); !s.isAfter(t); s = s.plus(STEP)) {
          double ph = scenario.truth(pond, s).get("ph");
          min = Math.min(min, ph);
          max = Math.max(max, ph);
        }
        yield max - min;
      }
      default -> v.get(metric);
    };
  }

  private static List<Transition> transitions(Database database) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT a.device_id, a.metric, e.kind, e.severity, e.at FROM alert_events e"
                    + " JOIN alerts a ON a.id = e.alert_id WHERE e.kind IN ('raised', 'escalated')"
                    + " ORDER BY e.at, e.id");
        ResultSet rs = ps.executeQuery()) {
      List<Transition> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new Transition(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Severity.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                rs.getTimestamp(5).toInstant()));
      }
      return out;
    }
  }

  private static List<Double> latencies(Database database) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT extract(epoch FROM handed_at - created_at) * 1000 FROM notifications"
                    + " WHERE state = 'delivered'");
        ResultSet rs = ps.executeQuery()) {
      List<Double> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getDouble(1));
      }
      return out;
    }
  }

  private static long count(Database database, String sql) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The nearest-rank percentile, rounded to 0.1; 0 for no values. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p * sorted.size());
    return Math.round(sorted.get(Math.max(0, rank - 1)) * 10) / 10.0;
  }

  private static SigningSecret randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return SigningSecret.fromBase64(Base64.getEncoder().encodeToString(bytes));
  }
}
