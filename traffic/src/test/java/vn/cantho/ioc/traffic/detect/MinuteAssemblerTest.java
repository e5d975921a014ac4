package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.traffic.detect.MinuteAssembler.ClosedMinute;

class MinuteAssemblerTest {
  private static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
  private static final Map<String, String> DEVICES =
      Map.of("lane-1", "s1", "lane-2", "s1", "det-2", "s2");

  private static List<Reading> minute(int m, String device, double flow, double speed, double occ) {
    Instant at = T0.plus(Duration.ofMinutes(m)).plusSeconds(17);
    return List.of(
        new Reading(device, "flow", at, flow, Quality.GOOD, "test"),
        new Reading(device, "speed", at, speed, Quality.GOOD, "test"),
        new Reading(device, "occupancy", at, occ, Quality.GOOD, "test"));
  }

  private static List<Reading> recording() {
    List<Reading> all = new ArrayList<>();
    for (int m = 0; m < 20; m++) {
      all.addAll(minute(m, "lane-1", 600 + m, 40, 10));
      all.addAll(minute(m, "lane-2", 300, 30, 20));
      all.addAll(minute(m, "det-2", 900, 45, 12));
    }
    return all;
  }

  private static List<ClosedMinute> run(List<Reading> readings, Duration lateness) {
    MinuteAssembler assembler = new MinuteAssembler(DEVICES, lateness);
    List<ClosedMinute> out = new ArrayList<>();
    readings.forEach(r -> out.addAll(assembler.accept(r)));
    out.addAll(assembler.flush());
    return out;
  }

  @Test
  void aStationsLanesMakeOneMinute() {
    ClosedMinute first = run(recording(), Duration.ofMinutes(2)).get(0);
    assertThat(first.minute()).isEqualTo(T0);
    StationMinute s1 = first.stations().get("s1");
    assertThat(s1.flow()).isEqualTo(900);
    // Flow-weighted: 600 vehicles at 40 and 300 at 30.
    assertThat(s1.speed()).isCloseTo((600 * 40 + 300 * 30) / 900.0, within());
    assertThat(s1.occupancy()).isEqualTo(15);
    assertThat(first.stations().get("s2").flow()).isEqualTo(900);
  }

  @Test
  void arrivalOrderWithinTheLatenessChangesNothing() {
    List<ClosedMinute> inOrder = run(recording(), Duration.ofMinutes(2));
    // Shuffle within windows of two minutes of data: the jitter of a replay in accelerated time.
    List<Reading> jittered = new ArrayList<>();
    List<Reading> all = recording();
    Random random = new Random(7);
    for (int i = 0; i < all.size(); i += 18) {
      List<Reading> window = new ArrayList<>(all.subList(i, Math.min(all.size(), i + 18)));
      Collections.shuffle(window, random);
      jittered.addAll(window);
    }
    assertThat(jittered).isNotEqualTo(all);
    assertThat(run(jittered, Duration.ofMinutes(2))).isEqualTo(inOrder).hasSize(20);
  }

  @Test
  void aMinuteClosesOnlyWhenTheDataIsLatenessPastIt() {
    MinuteAssembler assembler = new MinuteAssembler(DEVICES, Duration.ofMinutes(2));
    List<ClosedMinute> closed = new ArrayList<>();
    minute(0, "det-2", 900, 45, 12).forEach(r -> closed.addAll(assembler.accept(r)));
    minute(1, "det-2", 900, 45, 12).forEach(r -> closed.addAll(assembler.accept(r)));
    assertThat(closed).isEmpty();
    minute(2, "det-2", 900, 45, 12).forEach(r -> closed.addAll(assembler.accept(r)));
    assertThat(closed).extracting(ClosedMinute::minute).containsExactly(T0);
  }

  @Test
  void aMissingLaneSilencesTheStationInsteadOfHalvingItsFlow() {
    List<Reading> readings = new ArrayList<>(recording());
    Instant sixth = T0.plus(Duration.ofMinutes(6));
    readings.removeIf(r -> r.deviceId().equals("lane-2") && !r.ts().isBefore(sixth));
    List<ClosedMinute> out = run(readings, Duration.ofMinutes(2));
    assertThat(out.get(5).stations()).containsKey("s1");
    assertThat(out.get(6).stations()).doesNotContainKey("s1").containsKey("s2");
  }

  @Test
  void aReadingForAMinuteAlreadyHandedOutIsCountedLate() {
    MinuteAssembler assembler = new MinuteAssembler(DEVICES, Duration.ofMinutes(1));
    for (int m = 0; m < 4; m++) {
      minute(m, "det-2", 900, 45, 12).forEach(assembler::accept);
    }
    assertThat(minute(0, "det-2", 1, 1, 1).stream().map(assembler::accept)).allMatch(List::isEmpty);
    assertThat(assembler.late()).isEqualTo(3);
  }

  @Test
  void otherDevicesAndMetricsAreIgnored() {
    MinuteAssembler assembler = new MinuteAssembler(DEVICES, Duration.ZERO);
    Instant at = T0.plusSeconds(5);
    assertThat(assembler.accept(new Reading("other", "flow", at, 1, Quality.GOOD, "t"))).isEmpty();
    assertThat(assembler.accept(new Reading("det-2", "power", at, 1, Quality.GOOD, "t"))).isEmpty();
    assertThat(assembler.flush()).isEmpty();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  /** Twenty stations, one of whose clocks runs four minutes ahead (ingest accepts up to five). */
  @Test
  void oneDetectorWithAFastClockDoesNotCloseTheOthersMinutes() {
    java.util.Map<String, String> stationOf = new java.util.HashMap<>();
    for (int i = 0; i < 20; i++) {
      stationOf.put("det-" + i, "s" + i);
    }
    MinuteAssembler assembler = new MinuteAssembler(stationOf, Duration.ofMinutes(2));
    List<ClosedMinute> closed = new java.util.ArrayList<>();
    for (int m = 0; m < 10; m++) {
      for (int i = 0; i < 20; i++) {
        Instant at = T0.plus(Duration.ofMinutes(i == 0 ? m + 4 : m)).plusSeconds(20);
        for (String metric : List.of("flow", "speed", "occupancy")) {
          closed.addAll(
              assembler.accept(
                  new Reading(
                      "det-" + i, metric, at, 10, vn.cantho.ioc.core.reading.Quality.GOOD, "t")));
        }
      }
    }
    assertThat(assembler.late()).isZero();
    assertThat(closed)
        .extracting(ClosedMinute::minute)
        .contains(T0, T0.plus(Duration.ofMinutes(7)));
    assertThat(closed).allMatch(c -> c.stations().size() >= 19);
  }
}
