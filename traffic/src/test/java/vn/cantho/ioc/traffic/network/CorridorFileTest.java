package vn.cantho.ioc.traffic.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A corridor file read into stations and pairs in the direction of travel, or refused whole. */
class CorridorFileTest {
  /** Nguyễn Văn Cừ, two directions, stations every 500 m and one 2 km gap. */
  private static final String FILE =
      """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","properties":{"kind":"corridor","id":"nguyen-van-cu","name":"Nguyễn Văn Cừ",
         "directions":{"ve-ninh-kieu":"increasing","ve-phong-dien":"decreasing"}},
        "geometry":{"type":"LineString","coordinates":[[105.720,10.030],[105.760,10.030]]}},
       %s
      ]}
      """;

  private static String station(String id, String direction, double chainage) {
    return "{\"type\":\"Feature\",\"properties\":{\"kind\":\"station\",\"id\":\""
        + id
        + "\",\"corridor\":\"nguyen-van-cu\",\"direction\":\""
        + direction
        + "\",\"chainage_m\":"
        + chainage
        + ",\"lanes\":3,\"devices\":[\"tf-"
        + id
        + "\"]},\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.74,10.03]}}";
  }

  private static RoadNetwork read(String... stations) throws Exception {
    String json = FILE.formatted(String.join(",", stations));
    return CorridorFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void pairsFollowTheDirectionOfTravelAndSkipGapsTooWideToDecideOn() throws Exception {
    RoadNetwork network =
        read(
            station("n2", "ve-ninh-kieu", 1000),
            station("n0", "ve-ninh-kieu", 0),
            station("n1", "ve-ninh-kieu", 500),
            station("n3", "ve-ninh-kieu", 3000),
            station("p0", "ve-phong-dien", 0),
            station("p1", "ve-phong-dien", 500));
    List<String> pairs =
        network.pairs(1500).stream()
            .map(p -> p.upstream().id() + ">" + p.downstream().id())
            .toList();
    assertThat(pairs)
        .as("n2>n3 is 2 km apart, too wide to decide on")
        .containsExactlyInAnyOrder("n0>n1", "n1>n2", "p1>p0");
    assertThat(network.corridor("nguyen-van-cu").name()).isEqualTo("Nguyễn Văn Cừ");
    assertThat(network.stations())
        .filteredOn(s -> s.id().equals("n0"))
        .singleElement()
        .extracting(Station::devices)
        .isEqualTo(List.of("tf-n0"));
  }

  @Test
  void aFileWithErrorsIsRefusedWholeAndEveryErrorIsNamed() {
    assertThatThrownBy(
            () ->
                read(
                    station("n0", "ve-ninh-kieu", 0),
                    station("n0", "ve-ninh-kieu", 500),
                    station("x1", "ve-can-tho", 500),
                    station("x2", "ve-ninh-kieu", -5)))
        .isInstanceOf(CorridorFile.InvalidCorridorFile.class)
        .hasMessageContaining("station n0 is defined twice")
        .hasMessageContaining("station x1: corridor nguyen-van-cu has no direction 've-can-tho'")
        .hasMessageContaining("station x2: chainage_m must be a distance in metres");
  }

  @Test
  void theBundledDemoNetworkCoversTheMainRoadsBothWaysWithAStationEvery500Metres()
      throws Exception {
    RoadNetwork demo;
    try (var in =
        CorridorFile.class.getResourceAsStream(
            "/vn/cantho/ioc/traffic/network/demo-corridors.geojson")) {
      demo = CorridorFile.read(in);
    }
    assertThat(demo.corridors())
        .extracting(Corridor::name)
        .contains(
            "Đường 30/4",
            "Nguyễn Văn Cừ",
            "Trần Hưng Đạo",
            "Võ Văn Kiệt",
            "Quốc lộ 91",
            "Quốc lộ 1",
            "Cầu Cần Thơ");
    List<StationPair> pairs = demo.pairs(1500);
    assertThat(pairs).allSatisfy(p -> assertThat(p.spacingM()).isEqualTo(500.0));
    for (Corridor c : demo.corridors()) {
      for (String direction : c.directions().keySet()) {
        assertThat(pairs)
            .as(c.id() + " " + direction)
            .anyMatch(
                p ->
                    p.upstream().corridor().equals(c.id())
                        && p.upstream().direction().equals(direction));
      }
    }
  }

  @Test
  void somethingThatIsNotACorridorFileIsRefused() {
    assertThatThrownBy(
            () ->
                CorridorFile.read(
                    new ByteArrayInputStream(
                        "{\"type\":\"Feature\"}".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("not a GeoJSON FeatureCollection");
  }

  /** The same road from a land office, in VN-2000 / TM-3 105°00′ metres: read in WGS84. */
  @Test
  void aFileInTheNationalGridIsReadInWgs84() throws Exception {
    var a =
        vn.cantho.ioc.geo.crs.GridTransform.fromWgs84(
            vn.cantho.ioc.geo.crs.GridCrs.VN2000_TM3_105, 105.720, 10.030);
    var b =
        vn.cantho.ioc.geo.crs.GridTransform.fromWgs84(
            vn.cantho.ioc.geo.crs.GridCrs.VN2000_TM3_105, 105.760, 10.030);
    var s =
        vn.cantho.ioc.geo.crs.GridTransform.fromWgs84(
            vn.cantho.ioc.geo.crs.GridCrs.VN2000_TM3_105, 105.74, 10.03);
    String json =
        FILE.formatted(station("n0", "ve-ninh-kieu", 0))
            .replace(
                "[[105.720,10.030],[105.760,10.030]]",
                "[[" + a.x + "," + a.y + "],[" + b.x + "," + b.y + "]]")
            .replace("[105.74,10.03]", "[" + s.x + "," + s.y + "]")
            .replaceFirst(
                "\\{\"type\":\"FeatureCollection\",",
                "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                    + "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::5897\"}},");
    assertThat(json).contains("EPSG::5897");
    RoadNetwork network = CorridorFile.read(json);
    Station n0 = network.stations().get(0);
    assertThat(n0.lon()).isCloseTo(105.74, org.assertj.core.api.Assertions.within(1e-8));
    assertThat(n0.lat()).isCloseTo(10.03, org.assertj.core.api.Assertions.within(1e-8));
    assertThatThrownBy(() -> CorridorFile.read(json.replace("EPSG::5897", "EPSG::3857")))
        .hasMessageContaining("EPSG::3857 is not one the IOC reads");
  }
}
