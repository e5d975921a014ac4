package vn.cantho.ioc.traffic.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.traffic.network.CorridorFile;
import vn.cantho.ioc.traffic.network.RoadNetwork;

class MethodSettingsTest {
  /** Two corridors: one with its own detection settings, one with none. */
  private static RoadNetwork network(String detection) throws Exception {
    return CorridorFile.read(
        """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"kind":"corridor","id":"cau-can-tho","name":"Cầu Cần Thơ",
           "directions":{"ve-can-tho":"increasing"}%s},
          "geometry":{"type":"LineString","coordinates":[[105.80,10.00],[105.82,10.02]]}},
         {"type":"Feature","properties":{"kind":"corridor","id":"duong-30-4","name":"Đường 30/4",
           "directions":{"ve-ninh-kieu":"decreasing"}},
          "geometry":{"type":"LineString","coordinates":[[105.76,10.02],[105.78,10.03]]}}]}
        """
            .formatted(detection));
  }

  @Test
  void aCorridorRunsItsFilesMethodsAndParametersAndTheOthersTheNodesDefaults() throws Exception {
    Map<String, MethodSettings> s =
        MethodSettings.of(
            network(
                ",\"methods\":[\"california8\",\"bpd\"],\"parameters\":{"
                    + "\"bpd\":{\"min_speed_gap_kmh\":20,\"window\":6,\"positives_to_alarm\":4},"
                    + "\"california8\":{\"occdf_min\":12}}"),
            Set.of(DetectionMethod.BPD));

    MethodSettings bridge = s.get("cau-can-tho");
    assertThat(bridge.methods())
        .containsExactlyInAnyOrder(DetectionMethod.CALIFORNIA8, DetectionMethod.BPD);
    assertThat(bridge.bpd()).isEqualTo(new BaselinePairDiscontinuity.Parameters(20, 6, 4, 5, 2));
    assertThat(bridge.california().occdfMin()).isEqualTo(12);
    assertThat(bridge.california().cwDoccMin())
        .isEqualTo(California8.Parameters.DEFAULTS.cwDoccMin());

    MethodSettings street = s.get("duong-30-4");
    assertThat(street.methods()).containsExactly(DetectionMethod.BPD);
    assertThat(street.bpd()).isEqualTo(BaselinePairDiscontinuity.Parameters.DEFAULTS);
    assertThat(street.california()).isEqualTo(California8.Parameters.DEFAULTS);
  }

  @Test
  void everyUnknownMethodOrParameterAndEveryValueOutOfRangeIsNamed() throws Exception {
    RoadNetwork wrong =
        network(
            ",\"methods\":[\"mcmaster\"],\"parameters\":{"
                + "\"bpd\":{\"window\":3,\"positives_to_alarm\":5,\"speed\":1},"
                + "\"california8\":{\"occrdf_min\":2},\"snd\":{\"k\":1}}");
    assertThatThrownBy(() -> MethodSettings.of(wrong, Set.of(DetectionMethod.BPD)))
        .isInstanceOf(MethodSettings.InvalidSettings.class)
        .hasMessageContaining("unknown detection method: mcmaster")
        .hasMessageContaining("bpd positives_to_alarm must be between 1.0 and 3.0, not 5.0")
        .hasMessageContaining("bpd has no parameter 'speed'")
        .hasMessageContaining("california8 occrdf_min must be between 0.0 and 1.0, not 2.0")
        .hasMessageContaining("no method 'snd'");
  }

  @Test
  void aLargerGapIsAStricterBpd() {
    Baseline usual = new Baseline(40, 4, 10, 3, 1500);
    StationMinute queue = new StationMinute(java.time.Instant.EPOCH, 900, 16, 50);
    StationMinute free = new StationMinute(java.time.Instant.EPOCH, 900, 33, 8);
    // 17 km/h faster downstream: a discontinuity by default, not for a corridor asking 20.
    assertThat(new BaselinePairDiscontinuity().step(queue, usual, free, usual).positive()).isTrue();
    assertThat(
            new BaselinePairDiscontinuity(new BaselinePairDiscontinuity.Parameters(20, 4, 3, 5, 3))
                .step(queue, usual, free, usual)
                .positive())
        .isFalse();
  }
}
