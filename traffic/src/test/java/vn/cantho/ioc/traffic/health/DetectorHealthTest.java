package vn.cantho.ioc.traffic.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.traffic.detect.StationMinute;
import vn.cantho.ioc.traffic.health.DetectorHealth.Status;

/** Each fault rule on a station's minutes, and that live traffic with its small changes passes. */
class DetectorHealthTest {
  private static final Instant T0 = Instant.parse("2026-12-01T01:00:00Z");

  private static StationMinute at(int minute, double flow, double speed, double occupancy) {
    return new StationMinute(T0.plus(Duration.ofMinutes(minute)), flow, speed, occupancy);
  }

  private static List<Status> feed(DetectorHealth h, StationMinute... minutes) {
    List<Status> out = new ArrayList<>();
    for (StationMinute m : minutes) {
      out.add(h.accept(m));
    }
    return out;
  }

  @Test
  void ordinaryTrafficIsHealthy() {
    DetectorHealth h = new DetectorHealth();
    for (int m = 0; m < 120; m++) {
      assertThat(h.accept(at(m, 1_700 + m % 7 * 20, 33 + m % 5, 11 + m % 3)))
          .isEqualTo(Status.HEALTHY);
    }
    assertThat(h.statusAt(T0.plus(Duration.ofMinutes(120)))).isEqualTo(Status.HEALTHY);
  }

  @Test
  void aLoopStuckOnIsLockedOnFromItsSecondMinute() {
    assertThat(
            feed(new DetectorHealth(), at(0, 600, 5, 99), at(1, 600, 4, 98.5), at(2, 500, 3, 99)))
        .containsExactly(Status.HEALTHY, Status.LOCKED_ON, Status.LOCKED_ON);
  }

  @Test
  void tenIdenticalMinutesAreStuck() {
    DetectorHealth h = new DetectorHealth();
    List<Status> s = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      s.add(h.accept(at(m, 1_440, 31, 12)));
    }
    assertThat(s.subList(0, 9)).containsOnly(Status.HEALTHY);
    assertThat(s.get(9)).isEqualTo(Status.STUCK);
    assertThat(h.accept(at(10, 1_500, 31, 12))).as("a change ends it").isEqualTo(Status.HEALTHY);
  }

  @Test
  void anEmptyRoadAtNightIsNotStuck() {
    DetectorHealth h = new DetectorHealth();
    for (int m = 0; m < 30; m++) {
      assertThat(h.accept(at(m, 0, 0, 0))).isEqualTo(Status.HEALTHY);
    }
  }

  @Test
  void impossibleCombinationsForThreeMinutesAreImpossible() {
    assertThat(
            feed(
                new DetectorHealth(),
                at(0, 900, 30, 0), // vehicles but no occupancy
                at(1, 0, 25, 0), // speed without vehicles
                at(2, 0, 0, 7))) // occupancy without vehicles
        .containsExactly(Status.HEALTHY, Status.HEALTHY, Status.IMPOSSIBLE);
  }

  @Test
  void aFlowNoRoadCarriesIsChatter() {
    assertThat(new DetectorHealth().accept(at(0, 25_000, 30, 12))).isEqualTo(Status.CHATTER);
  }

  @Test
  void silenceIsNoDecisionAfterThreeMinutesAndMaintenanceAfterFifteen() {
    DetectorHealth h = new DetectorHealth();
    h.accept(at(0, 1_700, 33, 11));
    assertThat(h.statusAt(T0.plus(Duration.ofMinutes(2)))).isEqualTo(Status.HEALTHY);
    assertThat(h.statusAt(T0.plus(Duration.ofMinutes(3)))).isEqualTo(Status.SILENT);
    assertThat(h.silentForMaintenance(T0.plus(Duration.ofMinutes(14)))).isFalse();
    assertThat(h.silentForMaintenance(T0.plus(Duration.ofMinutes(15)))).isTrue();
    assertThat(new DetectorHealth().statusAt(T0)).as("never heard").isEqualTo(Status.SILENT);
  }
}
