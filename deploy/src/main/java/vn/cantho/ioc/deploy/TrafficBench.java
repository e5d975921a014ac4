package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.adapters.mqtt.TopicAcl;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.TrafficModel;
import vn.cantho.ioc.sim.UplinkMessage;
import vn.cantho.ioc.sim.scenario.CorridorScenario;
import vn.cantho.ioc.sim.scenario.CorridorStation;
import vn.cantho.ioc.traffic.TrafficFeature;
import vn.cantho.ioc.traffic.detect.DetectionMethod;
import vn.cantho.ioc.traffic.network.NetworkStore;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;

/**
 * {@code ioc bench traffic}: the corridor scenario's training weeks and one scored week, minute by
 * minute through the real pipeline (detectors publishing to the embedded broker, the node's MQTT
 * ingest, PostgreSQL, the committed-readings event, the traffic feature's detection thread), with
 * both detection methods on every corridor, scored against the scenario's ground truth
 * (docs/traffic-incident-detection.md §3). Data time is the scenario's, which ends before now.
 *
 * <p>Minutes are published in order over a few connections, each with a small window of
 * unacknowledged publishes, so the broker has every reading of a minute before any of the minute
 * two later: detection's lateness holds as with detectors reporting live. The publisher runs at
 * most {@link #MINUTES_AHEAD} minutes of data ahead of the node's commits, and the result line
 * counts the readings that reached detection late anyway ({@code readings_late_for_detection}, 0 in
 * every run recorded). The run measures detection, not how far ahead of the node a replay can be
 * pushed.
 */
final class TrafficBench {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISHER = "bench-traffic";
  private static final int CONNECTIONS = 4;

  /** Publishes awaiting the broker's PUBACK per connection: under any broker's receive maximum. */
  private static final int IN_FLIGHT = 10;

  /** How far the publisher may run ahead of the node's commits, in minutes of data. */
  private static final int MINUTES_AHEAD = 30;

  private final int trainDays;
  private final int days;
  private final long seed;
  private final Path truthLog;

  /**
   * @param truthLog where to write the scenario's ground truth, one JSON line per event; null for
   *     none
   */
  TrafficBench(int trainDays, int days, long seed, Path truthLog) {
    if (trainDays < 0 || days < 1) {
      throw new IllegalArgumentException("bench traffic needs --days ≥ 1 and --train-days ≥ 0");
    }
    this.trainDays = trainDays;
    this.days = days;
    this.seed = seed;
    this.truthLog = truthLog;
  }

  /** Runs the weeks on a fresh embedded stack under {@code data}; returns the result line. */
  String run(Path data) throws Exception {
    RoadNetwork network = TrafficNetworks.withDevices(NetworkStore.demo());
    List<CorridorStation> stations = TrafficNetworks.scenarioStations(network);
    // Whole local days ending at the last midnight, so no reading is in the future.
    LocalDate today = LocalDate.now(CanThoTime.ZONE);
    Instant start = CanThoTime.instant(today.minusDays(trainDays + days), LocalTime.MIDNIGHT);
    CorridorScenario scenario = new CorridorScenario(stations, start, trainDays + days, seed);
    Instant scoredFrom = start.plus(Duration.ofDays(trainDays));
    TrafficScore score = new TrafficScore(scenario.events(), scoredFrom, scenario.end());
    if (truthLog != null) {
      scenario.writeTruth(truthLog);
    }

    Path registry = data.resolve("bench-traffic-devices.json");
    RegistryFile.write(registry, devices(network));
    TrafficFeature traffic = new TrafficFeature();
    List<IocFeature> features = new ArrayList<>(FeatureHost.installed());
    features.removeIf(f -> f.id().equals(TrafficFeature.ID));
    features.add(traffic);
    int brokerPort = DemoStack.freePort();
    try (DemoStack stack =
        DemoStack.start(
            data,
            "127.0.0.1",
            0,
            false,
            registry,
            (home, auth) -> EmbeddedBroker.start(home, brokerPort, auth),
            features)) {
      traffic.tapDetection(score);
      traffic.importNetwork(TrafficNetworks.benchFile(network), "bench");
      String secret =
          stack.credentials().issue(PUBLISHER, DeviceGrant.Kind.GATEWAY, List.of(), true);
      long t0 = System.nanoTime();
      long published = publish(stack, secret, scenario, network);
      BenchLane.awaitCount(traffic::detectionProcessed, published, "detection");
      double seconds = (System.nanoTime() - t0) / 1e9;
      LOG.info(
          "Simulated {} + {} days of {} stations ({} readings) in {} s",
          trainDays,
          days,
          stations.size(),
          published,
          Math.round(seconds));
      ObjectNode out = JSON.createObjectNode();
      out.put("bench", "traffic");
      out.put("train_days", trainDays);
      out.put("days", days);
      out.put("seed", seed);
      out.put("stations", stations.size());
      out.put("events", scenario.events().size());
      out.put("readings", published);
      out.put("readings_late_for_detection", traffic.detectionLate());
      out.put("batches_dropped_by_detection", traffic.detectionDropped());
      out.put("seconds", Math.round(seconds));
      ObjectNode methods = out.putObject("methods");
      for (DetectionMethod m : DetectionMethod.values()) {
        methods.set(m.code(), score.result(m, days));
      }
      return out.toString();
    }
  }

  /** One loop detector group per station, where the station is. */
  private static List<SimDevice> devices(RoadNetwork network) {
    List<SimDevice> out = new ArrayList<>();
    for (Station s : network.stations()) {
      out.add(
          new SimDevice(
              TrafficNetworks.deviceOf(s),
              TrafficFeature.DOMAIN.code(),
              TrafficModel.LOOP_DETECTOR,
              "Đầu đo " + s.id(),
              s.lon(),
              s.lat(),
              60,
              Map.of()));
    }
    return out;
  }

  /** Publishes every minute in order; returns how many readings the node stored. */
  private long publish(
      DemoStack stack, String secret, CorridorScenario scenario, RoadNetwork network)
      throws Exception {
    List<BenchLane> lanes = new ArrayList<>();
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        lanes.add(
            BenchLane.connect(
                stack.mqttUri(),
                PUBLISHER,
                TopicAcl.clientId(PUBLISHER, "" + i),
                secret,
                IN_FLIGHT));
      }
      IocServer server = stack.server();
      long storedBefore = server.ingestStats().stored();
      long[] throughMinute = new long[MINUTES_AHEAD]; // readings published through each minute
      long published = 0;
      List<Station> stations = network.stations();
      List<CorridorStation> scenarioStations = scenario.stations();
      long minutes = Duration.between(scenario.start(), scenario.end()).toMinutes();
      for (long m = 0; m < minutes; m++) {
        long committedBefore = throughMinute[(int) (m % MINUTES_AHEAD)];
        BenchLane.awaitCount(
            () -> server.ingestStats().stored() - storedBefore, committedBefore, "ingest");
        Instant minute = scenario.start().plusSeconds(60 * m);
        for (int i = 0; i < stations.size(); i++) {
          Optional<Map<String, Double>> values = scenario.reading(scenarioStations.get(i), minute);
          if (values.isPresent()) {
            Station s = stations.get(i);
            lanes
                .get(i % CONNECTIONS)
                .publish(
                    "cantho/v1/traffic/" + TrafficNetworks.deviceOf(s) + "/up",
                    UplinkMessage.payload(minute, values.get()));
            published += values.get().size();
          }
        }
        throughMinute[(int) (m % MINUTES_AHEAD)] = published;
        if (m % (24 * 60) == 0) {
          LOG.info("bench traffic: day {} of {}", m / (24 * 60) + 1, minutes / (24 * 60));
        }
      }
      BenchLane.awaitCount(() -> server.ingestStats().stored() - storedBefore, published, "ingest");
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
