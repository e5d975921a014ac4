package vn.cantho.ioc.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's optional base map: off unless configured, checked, and only its origin in CSP. */
class BaseMapTest {
  private static final String OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  @Test
  void unsetIsOfflineAndThePolicyAllowsNoOtherImageOrigin() {
    BaseMap none = BaseMap.fromEnvironment(Map.of());
    assertThat(none.configured()).isFalse();
    assertThat(SecurityHeaders.csp(none)).contains("img-src 'self' data:;");
  }

  @Test
  void aTileServerJoinsImgSrcAndNothingElse() {
    BaseMap osm =
        BaseMap.fromEnvironment(
            Map.of("IOC_MAP_TILES", OSM, "IOC_MAP_TILES_ATTRIBUTION", "© OpenStreetMap"));
    assertThat(osm.configured()).isTrue();
    String csp = SecurityHeaders.csp(osm);
    assertThat(csp)
        .contains("img-src 'self' data: https://tile.openstreetmap.org;")
        .contains("connect-src 'self';")
        .contains("script-src 'self';");
    assertThat(osm.json().getString("tiles")).isEqualTo(OSM);
    assertThat(new BaseMap("http://127.0.0.1:8081/{z}/{x}/{y}.png", "local").origin())
        .isEqualTo("http://127.0.0.1:8081");
  }

  @Test
  void aBadTemplateIsRefusedWithItsReason() {
    assertThatThrownBy(() -> new BaseMap("http://tiles.example/{z}/{x}/{y}.png", "x"))
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> new BaseMap("https://tiles.example/{z}/{x}.png", "x"))
        .hasMessageContaining("{z}, {x} and {y}");
    assertThatThrownBy(() -> new BaseMap(OSM, " "))
        .hasMessageContaining("IOC_MAP_TILES_ATTRIBUTION");
    assertThatThrownBy(() -> new BaseMap("https://{s}.tiles.example/{z}/{x}/{y}.png", "x"))
        .hasMessageContaining("not a URL template");
    assertThatThrownBy(() -> new BaseMap("not a url {z}{x}{y}", "x"))
        .hasMessageContaining("not a URL template");
  }
}
