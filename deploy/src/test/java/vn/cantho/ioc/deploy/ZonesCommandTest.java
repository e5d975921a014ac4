package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.store.ZoneLayer;
import vn.cantho.ioc.core.store.ZoneStore;
import vn.cantho.ioc.core.zone.ZoneLayers;
import vn.cantho.ioc.geo.ZoneFormatException;

/** {@code ioc zones import FILE} against the embedded database a demo uses. */
class ZonesCommandTest {
  /** Two squares splitting central Can Tho at longitude 105.77. */
  private static final String CITY_LAYER =
      """
      {"type":"FeatureCollection","features":[
       {"type":"Feature","properties":{"code":"W","name":"Khu Tây"},"geometry":{"type":"Polygon",
        "coordinates":[[[105.70,10.00],[105.77,10.00],[105.77,10.10],[105.70,10.10],[105.70,10.00]]]}},
       {"type":"Feature","properties":{"code":"E","name":"Khu Đông"},"geometry":{"type":"Polygon",
        "coordinates":[[[105.77,10.00],[105.85,10.00],[105.85,10.10],[105.77,10.10],[105.77,10.00]]]}}]}
      """;

  @Test
  void importReplacesTheLayerAndPlacesEveryDeviceAgain() throws Exception {
    Path data = TestDirs.create("ioc-zones");
    Path file = data.resolve("city.geojson");
    Files.writeString(file, CITY_LAYER);
    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(db.config(2))) {
      new ZoneLayers(database).current(); // the demo layer, as a first start seeds it
      new DeviceStore(database)
          .upsert(
              List.of(
                  new Device(
                      "wq-west",
                      vn.cantho.ioc.core.device.Domain.of("water"),
                      "shrimp_pond",
                      "Tây",
                      105.75,
                      10.05,
                      "31135",
                      15),
                  new Device(
                      "wq-east",
                      vn.cantho.ioc.core.device.Domain.of("water"),
                      "shrimp_pond",
                      "Đông",
                      105.80,
                      10.05,
                      "31120",
                      15),
                  new Device(
                      "wq-far",
                      vn.cantho.ioc.core.device.Domain.of("water"),
                      "river_cage",
                      "Xa",
                      105.50,
                      9.70,
                      "31500",
                      15)));
    }

    ZonesCommand.run(
        List.of(
            "import",
            file.toString(),
            "--data",
            data.toString(),
            "--attribution",
            "© Thành phố Cần Thơ"));

    try (EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("postgres"));
        Database database = Database.open(db.config(2))) {
      ZoneLayer layer = new ZoneStore(database).load().orElseThrow();
      assertThat(layer.zones()).extracting(z -> z.id()).containsExactlyInAnyOrder("W", "E");
      assertThat(layer.attribution()).isEqualTo("© Thành phố Cần Thơ");
      assertThat(new DeviceStore(database).loadAll())
          .extracting(Device::id, Device::zoneId)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("wq-west", "W"),
              org.assertj.core.groups.Tuple.tuple("wq-east", "E"),
              org.assertj.core.groups.Tuple.tuple("wq-far", null));
    }
  }

  @Test
  void aFileThatIsNotAZoneLayerIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
    Path data = TestDirs.create("ioc-zones-bad");
    Path file = data.resolve("points.geojson");
    Files.writeString(
        file,
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"P\",\"name\":\"Điểm\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.7,10.0]}}]}");
    assertThatThrownBy(
            () -> ZonesCommand.run(List.of("import", file.toString(), "--data", data.toString())))
        .isInstanceOf(ZoneFormatException.class)
        .hasMessageContaining("not an area");
    assertThat(data.resolve("postgres")).doesNotExist();
  }
}
