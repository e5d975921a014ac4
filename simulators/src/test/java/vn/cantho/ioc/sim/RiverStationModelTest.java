package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiverStationModelTest {
  @Test
  void aStationReportsTheWqiParametersWithinTheRangesOfTheHauRiver() {
    for (SimDevice station : RiverStations.demo()) {
      ReadingModel model = ReadingModels.forDevice(station);
      assertThat(model).isInstanceOf(RiverStationModel.class);
      Instant at = Instant.parse("2026-11-22T20:00:00Z");
      for (int i = 0; i < 24; i++) {
        Map<String, Double> v = ReadingModels.sample(station, at.plus(Duration.ofHours(i)));
        assertThat(v.keySet()).containsExactlyElementsOf(model.metrics());
        assertThat(v.get("cod")).isBetween(6.0, 18.0);
        assertThat(v.get("no2")).isBetween(0.0, 0.1);
        assertThat(v.get("coliform")).isBetween(1_000.0, 5_000.0);
        assertThat(v.get("do")).isBetween(2.0, 9.0);
      }
    }
  }

  @Test
  void pondProbesKeepTheirOwnModel() {
    SimDevice pond = new SimDevice("wq-1", "water", "pangasius_pond", "Ao", 105.7, 10.0, 60, null);
    assertThat(ReadingModels.forDevice(pond)).isInstanceOf(WaterQualityModel.class);
  }
}
