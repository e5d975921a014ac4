package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureHost;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.traffic.TrafficFeature;
import vn.cantho.ioc.traffic.incident.Incident;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.network.NetworkStore;

/**
 * Detection in the feature as the node runs it: committed readings on the event bus, learnt
 * baselines, a queue found by bpd and opened as an incident at the data's own time, and a stuck
 * detector sent to maintenance instead.
 */
@ExtendWith(PostgresExtension.class)
class TrafficDetectionTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 10, 5);
  private static final List<String> STATIONS = List.of("td-0", "td-1", "td-2", "td-3");

  private static String network() {
    StringBuilder s =
        new StringBuilder(
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"kind\":\"corridor\",\"id\":\"duong-thu\",\"name\":\"Đường thử\","
                + "\"directions\":{\"xuoi\":\"increasing\"}},\"geometry\":{\"type\":\"LineString\","
                + "\"coordinates\":[[105.75,10.03],[105.77,10.03]]}}");
    for (int i = 0; i < STATIONS.size(); i++) {
      s.append(
          ",{\"type\":\"Feature\",\"properties\":{\"kind\":\"station\",\"id\":\"%s\",\"corridor\":\"duong-thu\",\"direction\":\"xuoi\",\"chainage_m\":%d,\"lanes\":2,\"devices\":[\"dev-%s\"]},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,10.03]}}"
              .formatted(STATIONS.get(i), 500 * i, STATIONS.get(i), 105.75 + 0.005 * i));
    }
    return s.append("]}").toString();
  }

  private static List<Reading> minute(
      Instant at, String station, double flow, double speed, double occ) {
    String device = "dev-" + station;
    Instant ts = at.plusSeconds(30);
    return List.of(
        new Reading(device, "flow", ts, flow, Quality.GOOD, "test"),
        new Reading(device, "speed", ts, speed, Quality.GOOD, "test"),
        new Reading(device, "occupancy", ts, occ, Quality.GOOD, "test"));
  }

  /**
   * Three quiet days and a morning of the corridor, a minute a batch: a queue from 10 h on the
   * fourth day over td-0 and td-1 with td-2 starved, and td-3 stuck from then on.
   */
  private static List<List<Reading>> minutes(Instant incident) {
    Instant start = CanThoTime.instant(MONDAY, LocalTime.MIDNIGHT);
    Instant end = incident.plus(Duration.ofMinutes(40));
    List<List<Reading>> out = new ArrayList<>();
    for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(1))) {
      List<Reading> batch = new ArrayList<>();
      long m = Duration.between(start, t).toMinutes();
      for (String s : STATIONS) {
        double w = ((m * 7 + s.hashCode()) % 5) - 2;
        boolean queue = !t.isBefore(incident) && (s.equals("td-1") || s.equals("td-0"));
        boolean starved = !t.isBefore(incident) && s.equals("td-2");
        if (s.equals("td-3") && !t.isBefore(incident)) {
          batch.addAll(minute(t, s, 1700, 41, 11)); // stuck: the same minute over and over
        } else if (queue) {
          batch.addAll(minute(t, s, 900 + w, 8 + w / 4, 50 + w));
        } else if (starved) {
          batch.addAll(minute(t, s, 900 + w, 46 + w, 6 + w / 4));
        } else {
          batch.addAll(minute(t, s, 1800 + 20 * w, 45 + w, 12 + w / 2));
        }
      }
      out.add(batch);
    }
    return out;
  }

  private static List<Device> devices() {
    List<Device> devices = new ArrayList<>();
    for (int i = 0; i < STATIONS.size(); i++) {
      devices.add(
          new Device(
              "dev-" + STATIONS.get(i),
              TrafficFeature.DOMAIN,
              "loop_detector",
              "Trạm " + i,
              105.75 + 0.005 * i,
              10.03,
              null,
              60));
    }
    return devices;
  }

  /** What staff would see of the incidents detection opened, without ids and wall-clock times. */
  private static List<String> incidents(Database db) throws Exception {
    List<String> out = new ArrayList<>();
    for (Incident i :
        new IncidentStore(db)
            .list(
                new IncidentStore.Query(
                    null, null, null, null, null, null, null, CursorPaging.first(100)))
            .items()) {
      out.add(
          String.join(
              " ",
              i.kind().name(),
              i.method(),
              i.location().segment(),
              i.location().direction(),
              i.openedAt().toString(),
              i.lastReportAt().toString(),
              "" + i.reports()));
    }
    out.sort(null);
    return out;
  }

  /**
   * The same recording decided twice: minute by minute as the detectors report live, then replayed
   * as fast as it can be sent, two hours a batch with the stations of each minute in another order.
   * Both methods run; the incidents are the same, to the minute.
   */
  @Test
  void aReplayInAcceleratedTimeOpensTheSameIncidentsAsTheLiveRun(Database db) throws Exception {
    new FeatureHost(List.of(new TrafficFeature())).migrate(db);
    String network =
        network().replace("\"directions\"", "\"methods\":[\"california8\",\"bpd\"],\"directions\"");
    Instant incident = CanThoTime.instant(MONDAY.plusDays(3), LocalTime.of(10, 0));
    List<List<Reading>> live = minutes(incident);
    truncateIncidents(db);
    List<String> seenLive = decide(db, network, live, 1);
    assertThat(seenLive).as("the live run found the queue").isNotEmpty();

    truncateIncidents(db);
    Random random = new Random(7);
    List<List<Reading>> shuffled = new ArrayList<>();
    for (List<Reading> minute : live) {
      List<Reading> copy = new ArrayList<>(minute);
      Collections.shuffle(copy, random);
      shuffled.add(copy);
    }
    assertThat(decide(db, network, shuffled, 120)).isEqualTo(seenLive);
  }

  /**
   * A node restarted on the fourth morning decides the stored days again before the live readings
   * (silently), so its baselines are ready and the queue at 10 h is found as by a node that never
   * stopped, to the minute.
   */
  @Test
  void aRestartedNodeDecidesTheStoredDaysAgainAndFindsWhatANodeThatNeverStoppedFinds(Database db)
      throws Exception {
    new FeatureHost(List.of(new TrafficFeature())).migrate(db);
    Instant incident = CanThoTime.instant(MONDAY.plusDays(3), LocalTime.of(10, 0));
    List<List<Reading>> minutes = minutes(incident);
    truncateIncidents(db);
    List<String> neverStopped = decide(db, network(), minutes, 1);
    assertThat(neverStopped).as("the uninterrupted run found the queue").isNotEmpty();

    truncateIncidents(db);
    int restart =
        (int)
            Duration.between(
                    CanThoTime.instant(MONDAY, LocalTime.MIDNIGHT),
                    incident.minus(Duration.ofHours(1)))
                .toMinutes();
    List<Reading> stored = new ArrayList<>();
    minutes.subList(0, restart).forEach(stored::addAll);
    new ReadingWriter(db).write(stored);
    Instant restartedAt = minutes.get(restart).get(0).ts().plusSeconds(5);
    assertThat(
            decide(
                db,
                network(),
                minutes.subList(restart, minutes.size()),
                1,
                Clock.fixed(restartedAt, ZoneOffset.UTC)))
        .isEqualTo(neverStopped);
  }

  private static void truncateIncidents(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("TRUNCATE traffic_incident_events, traffic_incidents");
    }
  }

  /** Runs a fresh node's detection over the minutes, {@code perBatch} minutes a batch. */
  private static List<String> decide(
      Database db, String network, List<List<Reading>> minutes, int perBatch) throws Exception {
    return decide(db, network, minutes, perBatch, Clock.systemUTC());
  }

  /** The same, with the node's clock at {@code clock} when it starts. */
  private static List<String> decide(
      Database db, String network, List<List<Reading>> minutes, int perBatch, Clock clock)
      throws Exception {
    new NetworkStore(db).replace(network, "test");
    TrafficFeature feature = new TrafficFeature();
    try (FeatureTestKit kit =
        new FeatureTestKit(db, List.of(feature), devices(), new ZoneIndex(List.of()), clock)) {
      long published = 0;
      for (int i = 0; i < minutes.size(); i += perBatch) {
        List<Reading> batch = new ArrayList<>();
        minutes.subList(i, Math.min(minutes.size(), i + perBatch)).forEach(batch::addAll);
        kit.vertx()
            .eventBus()
            .publish(CommittedReadings.ADDRESS, new CommittedReadings(batch, Instant.now()));
        published += batch.size();
        if (perBatch == 1 && published % 12_000 == 0) {
          long upTo = published;
          await().atMost(Duration.ofSeconds(30)).until(() -> feature.detectionProcessed() >= upTo);
        }
      }
      long all = published;
      await().atMost(Duration.ofSeconds(60)).until(() -> feature.detectionProcessed() >= all);
      assertThat(feature.detectionDropped()).isZero();
      assertThat(feature.detectionLate()).isZero();
      return incidents(db);
    }
  }

  @Test
  void aQueueBecomesAnIncidentAndAStuckDetectorGoesToMaintenance(Database db) throws Exception {
    new FeatureHost(List.of(new TrafficFeature())).migrate(db);
    new NetworkStore(db).replace(network(), "test");
    List<Device> devices = devices();
    TrafficFeature feature = new TrafficFeature();
    try (FeatureTestKit kit =
        new FeatureTestKit(
            db, List.of(feature), devices, new ZoneIndex(List.of()), Clock.systemUTC())) {
      Instant incident = CanThoTime.instant(MONDAY.plusDays(3), LocalTime.of(10, 0));
      long published = 0;
      for (List<Reading> batch : minutes(incident)) {
        kit.vertx()
            .eventBus()
            .publish(CommittedReadings.ADDRESS, new CommittedReadings(batch, Instant.now()));
        published += batch.size();
        if (published % 12_000 == 0) { // a replay at the pace the detection thread keeps
          long upTo = published;
          await().atMost(Duration.ofSeconds(30)).until(() -> feature.detectionProcessed() >= upTo);
        }
      }
      assertThat(feature.detectionDropped()).isZero();
      IncidentStore store = new IncidentStore(db);
      await().atMost(Duration.ofSeconds(60)).until(() -> !store.open(null).isEmpty());
      Incident found = store.open(null).get(0);
      assertThat(found.source()).isEqualTo(IncidentSource.DETECTION);
      assertThat(found.method()).isEqualTo("bpd");
      assertThat(found.location().segment()).isEqualTo("td-1");
      assertThat(found.openedAt()).isBetween(incident, incident.plus(Duration.ofMinutes(3)));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> kit.alerts().openFor(TrafficDetection.DETECTOR_FAULT, "dev-td-3").isPresent());
      Alert fault = kit.alerts().openFor(TrafficDetection.DETECTOR_FAULT, "dev-td-3").orElseThrow();
      assertThat(fault.raisedAt()).isAfter(incident);
      assertThat(
              store
                  .list(
                      new IncidentStore.Query(
                          null, null, null, null, null, null, null, CursorPaging.first(10)))
                  .items())
          .as("the stuck detector made no incident")
          .hasSize(1);
    }
  }
}
