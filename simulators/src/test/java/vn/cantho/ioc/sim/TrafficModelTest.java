package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.cantho.ioc.sim.TrafficModel.FLOW;
import static vn.cantho.ioc.sim.TrafficModel.OCCUPANCY;
import static vn.cantho.ioc.sim.TrafficModel.SPEED;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.cantho.ioc.geo.CanThoTime;

class TrafficModelTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
  private final TrafficModel model = new TrafficModel();

  static Stream<SimDevice> detectors() {
    return Stream.concat(
        IntStream.rangeClosed(1, 12)
            .mapToObj(n -> Devices.traffic("tf-" + n, 2 + n % 3, 3_200 + 400 * n, 35 + n)),
        // no attributes at all: the model must still produce a sensible road
        Stream.of(
            new SimDevice("tf-bare", "traffic", "loop_detector", "bare", 105.7, 10.0, 30, null)));
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void rushHoursCarryMoreThanTwiceTheNightFlow(SimDevice detector) {
    double night = at(detector, LocalTime.of(3, 0)).get(FLOW);

    assertThat(at(detector, LocalTime.of(7, 30)).get(FLOW)).isGreaterThan(2 * night);
    assertThat(at(detector, LocalTime.of(17, 30)).get(FLOW)).isGreaterThan(2 * night);
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void speedDropsAtRushHourAndOccupancyRises(SimDevice detector) {
    Map<String, Double> night = at(detector, LocalTime.of(3, 0));
    Map<String, Double> peak = at(detector, LocalTime.of(7, 30));

    assertThat(peak.get(SPEED)).isLessThan(night.get(SPEED));
    assertThat(peak.get(OCCUPANCY)).isGreaterThan(night.get(OCCUPANCY));
  }

  @ParameterizedTest
  @MethodSource("detectors")
  void valuesStayPhysical(SimDevice detector) {
    for (int minute = 0; minute < 24 * 60; minute += 15) {
      Map<String, Double> v = at(detector, LocalTime.MIDNIGHT.plusMinutes(minute));
      assertThat(v).containsOnlyKeys(TrafficModel.METRICS);
      assertThat(v.get(FLOW)).isBetween(0.0, detector.numberAttribute("capacityVph", 1e5));
      assertThat(v.get(SPEED)).isBetween(3.0, 60.0);
      assertThat(v.get(OCCUPANCY)).isBetween(0.0, 100.0);
    }
  }

  @Test
  void nearCapacityTheRoadSlowsToAboutHalfItsFreeFlowSpeed() {
    SimDevice road = Devices.traffic("tf-busy", 2, 4_000, 50);
    double nightSpeed = at(road, LocalTime.of(3, 0)).get(SPEED);
    double peakSpeed = at(road, LocalTime.of(7, 30)).get(SPEED);

    assertThat(nightSpeed).isGreaterThan(45);
    assertThat(peakSpeed).isBetween(20.0, 40.0);
  }

  @Test
  void occupancyFollowsDensity() {
    SimDevice road = Devices.traffic("tf-density", 2, 4_000, 50);
    Map<String, Double> v = at(road, LocalTime.of(17, 45));
    double densityPerLane = v.get(FLOW) / v.get(SPEED) / 2;

    // k ≈ 10 · occ / L_eff with L_eff of a few metres (motorbike plus loop)
    double effectiveLengthM = 10 * v.get(OCCUPANCY) / densityPerLane;
    assertThat(effectiveLengthM).isBetween(3.0, 6.0);
  }

  @Test
  void sundayMorningIsQuieterThanMondayMorning() {
    SimDevice road = Devices.traffic("tf-week", 3, 6_000, 45);
    Instant monday = CanThoTime.instant(MONDAY, LocalTime.of(7, 30));
    Instant sunday = CanThoTime.instant(MONDAY.minusDays(1), LocalTime.of(7, 30));

    assertThat(model.sample(road, sunday).get(FLOW))
        .isLessThan(model.sample(road, monday).get(FLOW));
  }

  private Map<String, Double> at(SimDevice detector, LocalTime time) {
    return model.sample(detector, CanThoTime.instant(MONDAY, time));
  }

  @Test
  void sundayHasNoMorningRushButBuildsToMidMorning() {
    LocalDate sunday = MONDAY.minusDays(1);

    assertThat(TrafficModel.demandShare(sunday.getDayOfWeek(), 7.5))
        .isLessThan(TrafficModel.demandShare(sunday.getDayOfWeek(), 10.0));
    assertThat(TrafficModel.demandShare(MONDAY.getDayOfWeek(), 7.5))
        .isGreaterThan(TrafficModel.demandShare(MONDAY.getDayOfWeek(), 10.0));
  }
}
