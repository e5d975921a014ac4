package vn.cantho.ioc.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeoJsonZonesTest {
  private static final String SQUARE =
      """
      {"type":"FeatureCollection","features":[{"type":"Feature",
        "properties":{"id":"Z1","name":"Khu thử nghiệm","district":"Ninh Kiều","note":null},
        "geometry":{"type":"Polygon","coordinates":[[[105,10],[106,10],[106,11],[105,11],[105,10]]]}}]}
      """;

  @Test
  void readsAnyFeatureCollectionOfAreasAndKeepsItsProperties() {
    List<Zone> zones = GeoJsonZones.read(SQUARE);
    assertThat(zones)
        .singleElement()
        .satisfies(
            z -> {
              assertThat(z.id()).isEqualTo("Z1");
              assertThat(z.name()).isEqualTo("Khu thử nghiệm");
              assertThat(z.properties())
                  .containsEntry("district", "Ninh Kiều")
                  .containsEntry("note", null);
              assertThat(z.boundary().getArea()).isEqualTo(1.0);
            });
    assertThat(new ZoneIndex(zones).locate(105.5, 10.5)).isPresent();
  }

  @Test
  void writtenZonesReadBackTheSame() {
    List<Zone> original = DemoZones.load();
    List<Zone> again = GeoJsonZones.read(GeoJsonZones.write(original, Map.of("attribution", "x")));
    assertThat(again).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      assertThat(again.get(i).id()).isEqualTo(original.get(i).id());
      assertThat(again.get(i).boundary().equalsExact(original.get(i).boundary())).isTrue();
    }
  }

  @Test
  void rejectsWhatIsNotAZoneLayerWithAReason() {
    assertThatThrownBy(() -> GeoJsonZones.read("{\"type\":\"Feature\"}"))
        .isInstanceOf(ZoneFormatException.class)
        .hasMessageContaining("FeatureCollection");
    assertThatThrownBy(() -> GeoJsonZones.read("{not json"))
        .isInstanceOf(ZoneFormatException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () ->
                GeoJsonZones.read(
                    SQUARE.replace(
                        "\"type\":\"Polygon\",\"coordinates\":[[[105,10],[106,10],[106,11],[105,11],[105,10]]]",
                        "\"type\":\"LineString\",\"coordinates\":[[105,10],[106,10]]")))
        .hasMessageContaining("not an area");
    assertThatThrownBy(() -> GeoJsonZones.read(SQUARE.replace("\"id\":\"Z1\",", "")))
        .hasMessageContaining("needs an id");
  }
}
