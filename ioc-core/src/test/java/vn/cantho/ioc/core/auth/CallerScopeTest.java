package vn.cantho.ioc.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who sees a message about a whole zone (a ward's flood warning), and who sees an owned thing. */
class CallerScopeTest {
  private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

  private static Caller caller(Role role, String... zones) {
    return new Caller("u", role, List.of(zones), LATER, true);
  }

  @Test
  void aZoneIsSeenByCityRolesAndItsOwnCommuneOperatorsOnly() {
    assertThat(caller(Role.CITY_OPERATOR).seesZone("31135")).isTrue();
    assertThat(caller(Role.VIEWER).seesZone("31135")).isTrue();
    assertThat(caller(Role.COMMUNE_OPERATOR, "31135").seesZone("31135")).isTrue();
    assertThat(caller(Role.COMMUNE_OPERATOR, "31116").seesZone("31135")).isFalse();
    assertThat(caller(Role.COMMUNE_OPERATOR, "31135").seesZone(null)).isFalse();
    assertThat(caller(Role.FARMER, "31135").seesZone("31135"))
        .as("an owner's view is his own devices, whatever zones he has")
        .isFalse();
  }

  @Test
  void anOwnedThingIsSeenByItsOwnerTheCityAndTheOperatorsOfItsZone() {
    assertThat(caller(Role.FARMER).sees("31135", "u")).isTrue();
    assertThat(caller(Role.FARMER).sees("31135", "someone.else")).isFalse();
    assertThat(caller(Role.CITY_OPERATOR).sees(null, "someone.else")).isTrue();
    assertThat(caller(Role.COMMUNE_OPERATOR, "31135").sees("31135", "x")).isTrue();
    assertThat(caller(Role.COMMUNE_OPERATOR, "31135").sees("31116", "x")).isFalse();
  }
}
