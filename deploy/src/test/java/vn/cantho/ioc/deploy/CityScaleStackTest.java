package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.SyntheticDevices;

/**
 * The demo at city scale ({@code ioc demo --devices 100000}, issue 17): 100,000 devices besides the
 * registry's are registered at the first start, known to the node, counted in the map's summary and
 * paged by zone; a restart with the same count adds none.
 */
class CityScaleStackTest {
  private static final int EXTRA = 100_000;

  @Test
  void aHundredThousandExtraDevicesRegisterOnceAndTheMapSummarisesThem() throws Exception {
    Path data = TestDirs.create("ioc-city-scale");
    Path registry = data.resolve("devices.json");
    RegistryFile.write(registry, TestStack.NINH_KIEU_DEVICES);
    int total = EXTRA + TestStack.NINH_KIEU_DEVICES.size();

    try (DemoStack stack =
        DemoStack.start(data, "127.0.0.1", 0, TestStack.freePort(), false, registry, EXTRA)) {
      assertThat(stack.server().registry().size()).isEqualTo(total);
      ApiClient api = TestAccess.api(stack, Role.CITY_OPERATOR);

      JsonNode city = api.get("/api/v1/map?bbox=104.5,8.5,107.0,11.0&zoom=9");
      assertThat(city.at("/summary/total").asLong()).isEqualTo(total);
      assertThat(city.at("/summary/domains/lighting").asLong()).isGreaterThan(EXTRA * 9L / 10);
      long shown = city.path("devices").size();
      for (JsonNode c : city.path("clusters")) {
        shown += c.path("count").asLong();
      }
      assertThat(shown)
          .as("every device in the city's box, in a cluster or alone")
          .isEqualTo(total);
      assertThat(city.path("clusters").size()).isLessThan(2_000);

      JsonNode page = api.get("/api/v1/devices?zone=31135&limit=10");
      assertThat(page.path("items")).hasSize(10);
      assertThat(page.path("total").asLong()).isGreaterThan(EXTRA / 103 - 1);
    }

    try (DemoStack again =
        DemoStack.start(data, "127.0.0.1", 0, TestStack.freePort(), false, registry, EXTRA)) {
      assertThat(again.server().registry().size()).isEqualTo(total);
      try (Connection c = again.server().database().dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM devices WHERE id LIKE '"
                      + SyntheticDevices.ID_PREFIX
                      + "%'")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(EXTRA);
      }
    }
    Folders.deleteTree(data);
  }
}
