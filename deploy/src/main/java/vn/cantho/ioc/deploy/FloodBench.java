package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.mqtt.TopicAcl;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.flood.FloodFeature;
import vn.cantho.ioc.flood.monitor.StationMonitor;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.station.StationFile;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.UplinkMessage;
import vn.cantho.ioc.sim.flood.Crossing;
import vn.cantho.ioc.sim.flood.FloodGauges;
import vn.cantho.ioc.sim.flood.FloodTruth;
import vn.cantho.ioc.sim.flood.HighWater;
import vn.cantho.ioc.sim.flood.TideGauge;
import vn.cantho.ioc.sim.flood.TideModel;
import vn.cantho.ioc.sim.flood.TideScenario;
import vn.cantho.ioc.sim.flood.WaterLevelGaugeModel;

/**
 * {@code ioc bench flood}: a simulated October 2026 (with the record evening of the 12th) at the
 * four demo gauges, after a month of September for the forecasts' 29-day window, every 5 minutes
 * through the real pipeline (gauges publishing to the embedded broker, MQTT ingest, PostgreSQL, the
 * committed-readings event, the flood monitor), scored against the simulator's truth ({@link
 * FloodScore}). Each 5-minute step is published once the previous one is stored, so every station's
 * readings reach the monitor in order, as one gauge's MQTT connection delivers them.
 */
final class FloodBench {
  private static final Logger LOG = LoggerFactory.getLogger(FloodBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISHER = "bench-flood";
  private static final int IN_FLIGHT = 10;
  private static final Duration STEP = Duration.ofSeconds(FloodGauges.REPORT_INTERVAL_S);

  /**
   * How many 5-minute steps the publisher may run ahead of the node's commits (an hour). Order
   * holds anyway: one connection per gauge, and the ingest commits in arrival order.
   */
  private static final int STEPS_AHEAD = 12;

  /** The first scored day: October 2026, the month of the record scenario. */
  static final LocalDate OCTOBER = LocalDate.of(2026, 10, 1);

  private final int days;
  private final int warmupDays;
  private final long seed;
  private final Path truthLog;

  FloodBench(int days, int warmupDays, long seed, Path truthLog) {
    if (days < 1 || warmupDays < 15) {
      throw new IllegalArgumentException(
          "bench flood needs --days ≥ 1 and --warmup-days ≥ 15 (the forecast's shortest record)");
    }
    this.days = days;
    this.warmupDays = warmupDays;
    this.seed = seed;
    this.truthLog = truthLog;
  }

  String run(Path data) throws Exception {
    Instant from = CanThoTime.instant(OCTOBER, LocalTime.MIDNIGHT);
    Instant start = from.minus(Duration.ofDays(warmupDays));
    Instant end = from.plus(Duration.ofDays(days));
    Map<String, TideGauge> gauges = new LinkedHashMap<>();
    Map<String, TideModel> models = new LinkedHashMap<>();
    Map<String, List<HighWater>> highWaters = new LinkedHashMap<>();
    List<Crossing> crossings = new ArrayList<>();
    for (TideGauge g : FloodGauges.gauges()) {
      TideModel m = new TideModel(g, seed, TideScenario.RECORD_OCTOBER_2026);
      gauges.put(g.id(), g);
      models.put(g.id(), m);
      highWaters.put(g.id(), FloodTruth.highWaters(g, m, start, end));
      crossings.addAll(FloodTruth.crossings(g, m, start, end, FloodStation.DEFAULT_HYSTERESIS_CM));
    }
    if (truthLog != null) {
      FloodTruth.writeJsonLines(
          truthLog, highWaters.values().stream().flatMap(List::stream).toList(), crossings);
    }
    FloodScore score = new FloodScore(gauges, models, highWaters, crossings, from, end);

    Path registry = data.resolve("bench-flood-devices.json");
    RegistryFile.write(registry, gauges.values().stream().map(FloodGauges::device).toList());
    FloodFeature flood = new FloodFeature();
    List<IocFeature> features = new ArrayList<>(FeatureHost.installed());
    features.removeIf(f -> f.id().equals(FloodFeature.ID));
    features.add(flood);
    int brokerPort = DemoStack.freePort();
    try (DemoStack stack =
        DemoStack.start(
            data,
            "127.0.0.1",
            0,
            false,
            registry,
            (home, auth) -> EmbeddedBroker.start(home, brokerPort, auth),
            features,
            retentionDays(start))) {
      flood.addStations(stations(gauges.values()), "bench");
      flood.monitor().tap(score);
      String secret =
          stack.credentials().issue(PUBLISHER, DeviceGrant.Kind.GATEWAY, List.of(), true);
      long t0 = System.nanoTime();
      long published = publish(stack, secret, models, start, end);
      BenchLane.awaitCount(flood.monitor()::processed, published, "flood monitor");
      double seconds = (System.nanoTime() - t0) / 1e9;
      LOG.info(
          "Simulated {} + {} days at {} gauges in {} s",
          warmupDays,
          days,
          gauges.size(),
          Math.round(seconds));
      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "flood");
      out.put("from", from.toString());
      out.put("days", days);
      out.put("warmup_days", warmupDays);
      out.put("seed", seed);
      out.put("gauges", gauges.size());
      out.put("readings", published);
      out.put(
          "readings_out_of_order",
          gauges.keySet().stream()
              .map(flood.monitor()::monitor)
              .mapToLong(StationMonitor::outOfOrder)
              .sum());
      out.put("batches_dropped_by_monitor", flood.monitor().dropped());
      out.put("seconds", Math.round(seconds));
      out.put(
          "record_peak_cm",
          Math.round(maxTruth(models.get(FloodGauges.CAN_THO.id()), from, end) * 10) / 10.0);
      out.setAll(score.result());
      return out.toString();
    }
  }

  /**
   * The demo's station settings (wards, rapid rise) for the bench's gauges, levels from the gauge.
   */
  private static List<FloodStation> stations(Iterable<TideGauge> gauges) throws Exception {
    Map<String, FloodStation> demo = new LinkedHashMap<>();
    StationFile.demo().forEach(s -> demo.put(s.deviceId(), s));
    List<FloodStation> out = new ArrayList<>();
    for (TideGauge g : gauges) {
      FloodStation d = demo.get(g.id());
      out.add(
          new FloodStation(
              g.id(),
              g.name(),
              WaterLevelGaugeModel.METRIC,
              new AlarmLevels(g.bd1(), g.bd2(), g.bd3()),
              FloodStation.DEFAULT_HYSTERESIS_CM,
              FloodStation.DEFAULT_CONFIRM_SAMPLES,
              d == null ? null : d.riseCmPerHour(),
              d == null ? List.of() : d.wards()));
    }
    return out;
  }

  /** Enough days of readings kept that the bench's first day is still accepted today. */
  private static int retentionDays(Instant start) {
    return (int) Duration.between(start, Instant.now()).toDays() + 2;
  }

  private static double maxTruth(TideModel m, Instant from, Instant to) {
    double max = Double.NEGATIVE_INFINITY;
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
      max = Math.max(max, m.levelCm(t));
    }
    return max;
  }

  /** Readings stored or quarantined: a refused reading must stop the run, not stall it. */
  private static long handled(IocServer server) {
    return server.ingestStats().stored() + server.ingestStats().quarantined();
  }

  /** Fails with the node's reason when a published reading was quarantined. */
  private static void refuseQuarantine(IocServer server) throws Exception {
    if (server.ingestStats().quarantined() == 0) {
      return;
    }
    try (java.sql.Connection c = server.database().dataSource().getConnection();
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery("SELECT device_id, reason FROM quarantine ORDER BY id LIMIT 1")) {
      String why = rs.next() ? rs.getString(1) + ": " + rs.getString(2) : "?";
      throw new IllegalStateException("the node quarantined a gauge reading: " + why);
    }
  }

  /** Publishes every step in order, each once the previous is stored; returns how many. */
  private long publish(
      DemoStack stack, String secret, Map<String, TideModel> models, Instant start, Instant end)
      throws Exception {
    List<BenchLane> lanes = new ArrayList<>();
    List<String> ids = List.copyOf(models.keySet());
    try {
      for (int i = 0; i < ids.size(); i++) {
        lanes.add(
            BenchLane.connect(
                stack.mqttUri(),
                PUBLISHER,
                TopicAcl.clientId(PUBLISHER, "" + i),
                secret,
                IN_FLIGHT));
      }
      IocServer server = stack.server();
      long storedBefore = handled(server);
      long published = 0;
      long steps = Duration.between(start, end).dividedBy(STEP);
      long[] throughStep = new long[STEPS_AHEAD]; // readings published through each step
      for (long n = 0; n < steps; n++) {
        long through = throughStep[(int) (n % STEPS_AHEAD)];
        BenchLane.awaitCount(() -> handled(server) - storedBefore, through, "ingest");
        refuseQuarantine(server);
        Instant at = start.plus(STEP.multipliedBy(n));
        for (int i = 0; i < ids.size(); i++) {
          String id = ids.get(i);
          double level = WaterLevelGaugeModel.measuredCm(id, models.get(id).levelCm(at), at);
          lanes
              .get(i)
              .publish(
                  "cantho/v1/flood/" + id + "/up",
                  UplinkMessage.payload(at, Map.of(WaterLevelGaugeModel.METRIC, level)));
          published++;
        }
        throughStep[(int) (n % STEPS_AHEAD)] = published;
        if (n % (24 * 12) == 0) {
          LOG.info("bench flood: day {} of {}", n / (24 * 12) + 1, steps / (24 * 12));
        }
      }
      BenchLane.awaitCount(() -> handled(server) - storedBefore, published, "ingest");
      refuseQuarantine(server);
      for (BenchLane lane : lanes) {
        lane.check();
      }
      return published;
    } finally {
      for (BenchLane lane : lanes) {
        lane.close();
      }
    }
  }
}
