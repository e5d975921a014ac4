package vn.cantho.ioc.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.geo.crs.GridCrs;

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

  /** A land office's file in VN-2000 / TM-3 105°00′ reads as the same ward in WGS84. */
  @Test
  void aZoneFileInTheNationalGridIsReadInWgs84AndWrittenBackInIt() {
    String ward =
        """
        {"type":"FeatureCollection","features":[{"type":"Feature",
          "properties":{"id":"W1","name":"Phường thử"},
          "geometry":{"type":"Polygon","coordinates":[[[105.77,10.02],[105.79,10.02],[105.79,10.04],[105.77,10.02]]]}}]}
        """;
    List<Zone> wgs84 = GeoJsonZones.read(ward);
    String inGrid = GeoJsonZones.write(wgs84, Map.of(), GridCrs.VN2000_TM3_105);
    assertThat(inGrid).contains("urn:ogc:def:crs:EPSG::5897").contains("[58");
    Zone back = GeoJsonZones.read(inGrid).get(0);
    org.locationtech.jts.geom.Coordinate[] a = wgs84.get(0).boundary().getCoordinates();
    org.locationtech.jts.geom.Coordinate[] b = back.boundary().getCoordinates();
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i].x).isCloseTo(a[i].x, org.assertj.core.api.Assertions.within(1e-8));
      assertThat(b[i].y).isCloseTo(a[i].y, org.assertj.core.api.Assertions.within(1e-8));
    }
  }

  @Test
  void metresWithoutACrsOrAnUnknownCrsAreRefusedWithTheReason() {
    String metres =
        SQUARE.replace(
            "[[[105,10],[106,10],[106,11],[105,11],[105,10]]]",
            "[[[586000,1109000],[587000,1109000],[587000,1110000],[586000,1109000]]]");
    assertThatThrownBy(() -> GeoJsonZones.read(metres))
        .isInstanceOf(ZoneFormatException.class)
        .hasMessageContaining("EPSG::5897");
    String mercator =
        SQUARE.replace(
            "{\"type\":\"FeatureCollection\",",
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}},");
    assertThatThrownBy(() -> GeoJsonZones.read(mercator))
        .isInstanceOf(ZoneFormatException.class)
        .hasMessageContaining("EPSG:3857 is not one the IOC reads");
  }
}
