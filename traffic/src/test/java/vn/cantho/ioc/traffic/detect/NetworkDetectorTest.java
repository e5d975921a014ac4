package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.traffic.health.DetectorHealth;
import vn.cantho.ioc.traffic.network.Corridor;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;
import vn.cantho.ioc.traffic.network.StationPair;

class NetworkDetectorTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 10, 5);
  private static final List<String> IDS = List.of("s0", "s1", "s2", "s3");

  private static RoadNetwork network() {
    Corridor road =
        new Corridor(
            "duong-test",
            "Đường thử",
            new GeometryFactory()
                .createLineString(
                    new Coordinate[] {
                      new Coordinate(105.75, 10.03), new Coordinate(105.77, 10.03)
                    }),
            Map.of("xuoi", true));
    List<Station> stations = new ArrayList<>();
    for (int i = 0; i < IDS.size(); i++) {
      stations.add(
          new Station(
              IDS.get(i),
              "duong-test",
              "xuoi",
              500.0 * i,
              2,
              105.75 + 0.005 * i,
              10.03,
              List.of()));
    }
    return new RoadNetwork(List.of(road), stations);
  }

  /** What the detector told. */
  private static final class Heard implements NetworkDetector.Listener {
    final List<Alarm> alarms = new ArrayList<>();
    final List<String> health = new ArrayList<>();
    final Map<DetectionMethod, Integer> decisions = new HashMap<>();
    final List<String> decidedPairs = new ArrayList<>();

    @Override
    public void alarm(Alarm alarm) {
      alarms.add(alarm);
    }

    @Override
    public void health(Station station, DetectorHealth.Status status, Instant at) {
      health.add(station.id() + ":" + status);
    }

    @Override
    public void decided(DetectionMethod method, StationPair pair, Instant at, boolean alarm) {
      decisions.merge(method, 1, Integer::sum);
      decidedPairs.add(pair.upstream().id());
    }
  }

  /** Free flow with a little noise that differs by station and minute. */
  private static StationMinute free(String id, Instant at, int m) {
    double wobble = ((m * 7 + id.hashCode()) % 5) - 2;
    return new StationMinute(at, 1800 + 20 * wobble, 45 + wobble, 12 + wobble / 2);
  }

  private static void run(
      NetworkDetector d,
      LocalDate day,
      int fromMinute,
      int toMinute,
      BiFunction<String, Integer, StationMinute> override) {
    Instant start = CanThoTime.instant(day, LocalTime.MIDNIGHT);
    for (int m = fromMinute; m < toMinute; m++) {
      Instant at = start.plus(Duration.ofMinutes(m));
      Map<String, StationMinute> minute = new HashMap<>();
      for (String id : IDS) {
        StationMinute o = override.apply(id, m);
        // An override varies a little from minute to minute, as real traffic does (an exactly
        // repeated minute is a stuck detector), unless it is the stuck detector's.
        double w = o == null || o == frozenValues ? 0 : (m % 3) * 0.1;
        minute.put(
            id,
            o == null
                ? free(id, at, m)
                : new StationMinute(at, o.flow() + w, o.speed() + w, o.occupancy() + w));
      }
      d.onMinute(at, minute);
    }
  }

  private static final int TEN = 10 * 60;

  /** Values a stuck detector repeats exactly. */
  private static StationMinute frozenValues;

  @Test
  void bpdFindsAQueueAgainstTheStationsOwnBaseline() {
    Heard heard = new Heard();
    NetworkDetector d =
        new NetworkDetector(
            network(), Map.of("duong-test", Set.of(DetectionMethod.BPD)), new Baselines(), heard);
    for (int day = 0; day < 3; day++) {
      run(d, MONDAY.plusDays(day), 0, 24 * 60, (id, m) -> null);
    }
    assertThat(heard.alarms).isEmpty();
    // Thursday 10:00: a lane blocked between s1 and s2. s1 queues; s2 is starved but fast.
    run(
        d,
        MONDAY.plusDays(3),
        0,
        TEN + 30,
        (id, m) -> {
          if (m < TEN) {
            return null;
          }
          return switch (id) {
            case "s1", "s0" -> new StationMinute(null, 900, 8, 50);
            case "s2" -> new StationMinute(null, 900, 46, 6);
            default -> null;
          };
        });
    assertThat(heard.alarms).hasSize(1);
    Alarm alarm = heard.alarms.get(0);
    assertThat(alarm.method()).isEqualTo(DetectionMethod.BPD);
    assertThat(alarm.pair().upstream().id()).isEqualTo("s1");
    Instant ten = CanThoTime.instant(MONDAY.plusDays(3), LocalTime.of(10, 0));
    assertThat(Duration.between(ten, alarm.at())).isBetween(Duration.ZERO, Duration.ofMinutes(2));
  }

  @Test
  void anAreaWideSlowdownIsNoIncident() {
    Heard heard = new Heard();
    NetworkDetector d =
        new NetworkDetector(
            network(), Map.of("duong-test", Set.of(DetectionMethod.BPD)), new Baselines(), heard);
    for (int day = 0; day < 3; day++) {
      run(d, MONDAY.plusDays(day), 0, 24 * 60, (id, m) -> null);
    }
    // Heavy rain: every station slow and full except the last, which stays a little faster.
    run(
        d,
        MONDAY.plusDays(3),
        0,
        TEN + 60,
        (id, m) ->
            m < TEN
                ? null
                : id.equals("s3")
                    ? new StationMinute(null, 1500, 30, 14)
                    : new StationMinute(null, 1200, 10, 45));
    assertThat(heard.alarms).isEmpty();
  }

  @Test
  void california8FindsAnOccupancyStepWithFallingDownstreamOccupancy() {
    Heard heard = new Heard();
    NetworkDetector d =
        new NetworkDetector(
            network(),
            Map.of("duong-test", Set.of(DetectionMethod.CALIFORNIA8)),
            new Baselines(),
            heard);
    run(
        d,
        MONDAY,
        TEN - 10,
        TEN + 10,
        (id, m) -> {
          if (m < TEN) {
            return null;
          }
          return switch (id) {
            case "s1" -> new StationMinute(null, 900, 8, 45);
            case "s2" -> new StationMinute(null, 700, 48, 4);
            default -> null;
          };
        });
    assertThat(heard.alarms).extracting(a -> a.pair().upstream().id()).containsExactly("s1");
    assertThat(heard.alarms.get(0).method()).isEqualTo(DetectionMethod.CALIFORNIA8);
    assertThat(heard.health).isEmpty();
    assertThat(heard.decisions.get(DetectionMethod.CALIFORNIA8)).isEqualTo(3 * 20);
  }

  @Test
  void aStuckDetectorDecidesNothingAndIsReported() {
    Heard heard = new Heard();
    NetworkDetector d =
        new NetworkDetector(
            network(),
            Map.of("duong-test", Set.of(DetectionMethod.CALIFORNIA8)),
            new Baselines(),
            heard);
    frozenValues = new StationMinute(null, 1700, 41, 11);
    run(d, MONDAY, TEN, TEN + 30, (id, m) -> id.equals("s2") ? frozenValues : null);
    assertThat(heard.health).containsExactly("s2:STUCK");
    assertThat(d.status("s2")).isEqualTo(DetectorHealth.Status.STUCK);
    // After the first minutes, the pairs s1→s2 and s2→s3 decide nothing; s0→s1 goes on.
    int decidedOnS2 =
        (int) heard.decidedPairs.stream().filter(p -> p.equals("s1") || p.equals("s2")).count();
    assertThat(decidedOnS2).isEqualTo(2 * 9);
    assertThat(heard.decidedPairs.stream().filter(p -> p.equals("s0"))).hasSize(30);
  }

  @Test
  void aSilentDetectorIsReportedAfterThreeMinutes() {
    Heard heard = new Heard();
    NetworkDetector d =
        new NetworkDetector(
            network(),
            Map.of("duong-test", Set.of(DetectionMethod.CALIFORNIA8)),
            new Baselines(),
            heard);
    run(d, MONDAY, TEN, TEN + 5, (id, m) -> null);
    Instant start = CanThoTime.instant(MONDAY, LocalTime.MIDNIGHT);
    for (int m = TEN + 5; m < TEN + 10; m++) {
      Instant at = start.plus(Duration.ofMinutes(m));
      Map<String, StationMinute> minute = new HashMap<>();
      for (String id : List.of("s0", "s1", "s2")) {
        minute.put(id, free(id, at, m));
      }
      d.onMinute(at, minute);
    }
    assertThat(heard.health).containsExactly("s3:SILENT");
  }
}
