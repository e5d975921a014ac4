package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.cantho.ioc.sim.WaterQualityModel.DO;
import static vn.cantho.ioc.sim.WaterQualityModel.PH;
import static vn.cantho.ioc.sim.WaterQualityModel.SALINITY;
import static vn.cantho.ioc.sim.WaterQualityModel.TAN;
import static vn.cantho.ioc.sim.WaterQualityModel.TEMP;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.cantho.ioc.geo.CanThoTime;

class WaterQualityModelTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  private final WaterQualityModel model = new WaterQualityModel();

  /** Ten probes of each kind: parameters vary per id, the shape must hold for all. */
  static Stream<SimDevice> probes() {
    return Stream.of(WaterSiteType.values())
        .flatMap(
            type ->
                IntStream.rangeClosed(1, 10)
                    .mapToObj(n -> Devices.water(type.code() + "-" + n, type)));
  }

  @ParameterizedTest
  @MethodSource("probes")
  void dissolvedOxygenIsLowestAroundSunriseAndHighestMidAfternoon(SimDevice probe) {
    List<Sample> day = sampleDay(probe, DO);

    assertThat(lowest(day).time()).isBetween(LocalTime.of(5, 0), LocalTime.of(7, 0));
    assertThat(highest(day).time()).isBetween(LocalTime.of(13, 0), LocalTime.of(17, 0));
  }

  @ParameterizedTest
  @MethodSource("probes")
  void phPeaksInTheAfternoonBeforeSunset(SimDevice probe) {
    List<Sample> day = sampleDay(probe, PH);

    assertThat(highest(day).time()).isBetween(LocalTime.of(13, 0), LocalTime.of(17, 30));
  }

  @ParameterizedTest
  @MethodSource("probes")
  void valuesStayWithinPhysicalRanges(SimDevice probe) {
    for (Sample s : sampleDay(probe, null)) {
      Map<String, Double> v = s.values();
      assertThat(v).containsOnlyKeys(WaterQualityModel.METRICS);
      assertThat(v.get(DO)).isBetween(0.5, 10.5);
      assertThat(v.get(PH)).isBetween(6.5, 9.0);
      assertThat(v.get(TEMP)).isBetween(24.0, 35.0);
      assertThat(v.get(SALINITY)).isBetween(0.0, 16.0);
      assertThat(v.get(TAN)).isBetween(0.05, 1.1);
    }
  }

  @Test
  void riverCagesStayWithinTheObservedRiverRange() {
    probes()
        .filter(p -> p.type().equals(WaterSiteType.RIVER_CAGE.code()))
        .forEach(
            cage ->
                assertThat(sampleDay(cage, DO))
                    .allSatisfy(s -> assertThat(s.value()).isBetween(2.8, 6.8)));
  }

  @Test
  void shrimpPondsAreBrackishAndSaltiestAtTheEndOfTheDrySeason() {
    SimDevice pond = Devices.water("wq-shrimp", WaterSiteType.SHRIMP_POND);
    double april = salinityAtNoon(pond, LocalDate.of(2026, 4, 5));
    double october = salinityAtNoon(pond, LocalDate.of(2026, 10, 5));

    assertThat(april).isBetween(12.0, 15.0);
    assertThat(october).isBetween(4.9, 8.0);
  }

  @Test
  void pangasiusPondsAndCagesAreFresh() {
    for (WaterSiteType type : List.of(WaterSiteType.PANGASIUS_POND, WaterSiteType.RIVER_CAGE)) {
      SimDevice probe = Devices.water("wq-" + type.code(), type);
      assertThat(salinityAtNoon(probe, LocalDate.of(2026, 4, 5))).isBetween(0.1, 1.0);
    }
  }

  @Test
  void sameDeviceAndInstantGiveTheSameReadings() {
    SimDevice pond = Devices.water("wq-0001", WaterSiteType.PANGASIUS_POND);
    Instant at = Instant.parse("2026-11-23T06:00:00Z");

    assertThat(model.sample(pond, at)).isEqualTo(model.sample(pond, at));
    assertThat(model.sample(pond, at)).isNotEqualTo(model.sample(pond, at.plusSeconds(1)));
  }

  @Test
  void pondsDifferFromOneAnother() {
    Instant at = Instant.parse("2026-11-23T08:00:00Z");
    double a = model.sample(Devices.water("wq-0001", WaterSiteType.SHRIMP_POND), at).get(DO);
    double b = model.sample(Devices.water("wq-0002", WaterSiteType.SHRIMP_POND), at).get(DO);

    assertThat(a).isNotCloseTo(b, within(0.2));
  }

  private double salinityAtNoon(SimDevice probe, LocalDate date) {
    return model.sample(probe, CanThoTime.instant(date, LocalTime.NOON)).get(SALINITY);
  }

  private record Sample(LocalTime time, double value, Map<String, Double> values) {}

  /** Every 10 minutes of the local day. */
  private List<Sample> sampleDay(SimDevice probe, String metric) {
    List<Sample> samples = new ArrayList<>();
    for (LocalTime t = LocalTime.MIDNIGHT; ; t = t.plusMinutes(10)) {
      Map<String, Double> values = model.sample(probe, CanThoTime.instant(DAY, t));
      samples.add(new Sample(t, metric == null ? Double.NaN : values.get(metric), values));
      if (t.equals(LocalTime.of(23, 50))) {
        return samples;
      }
    }
  }

  private static Sample lowest(List<Sample> samples) {
    return samples.stream().min(Comparator.comparingDouble(Sample::value)).orElseThrow();
  }

  private static Sample highest(List<Sample> samples) {
    return samples.stream().max(Comparator.comparingDouble(Sample::value)).orElseThrow();
  }
}
