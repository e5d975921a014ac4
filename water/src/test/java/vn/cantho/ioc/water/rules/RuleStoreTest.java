package vn.cantho.ioc.water.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

@ExtendWith(PostgresExtension.class)
class RuleStoreTest {
  private static Database database;
  private static RuleStore rules;

  @BeforeAll
  static void setUp(Database db) throws Exception {
    database = db;
    rules = new RuleStore(db);
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, report_interval_s)"
                    + " VALUES ('rule-pond-1', 'water', 'pangasius_pond', 'Ao 1', 105.7, 10.0, 15)"
                    + " ON CONFLICT DO NOTHING")) {
      ps.executeUpdate();
    }
  }

  @Test
  void everySpeciesProfileHasItsDomainDefaults() throws Exception {
    assertThat(rules.profiles())
        .containsExactlyInAnyOrder(
            "pangasius_pond", "whiteleg_shrimp_pond", "black_tiger_shrimp_pond", "river_fish_cage");
    List<ThresholdRule> pangasius = rules.effective("pangasius_pond", "no-such-device");
    assertThat(pangasius)
        .extracting(ThresholdRule::metric)
        .containsExactlyInAnyOrder(
            "do", "do_projected", "nh3", "ph", "ph", "salinity", "probe_offline", "probe_fault");
    assertThat(rules.effective("whiteleg_shrimp_pond", "x"))
        .extracting(ThresholdRule::metric)
        .as("the daily pH swing is a shrimp rule")
        .contains("ph_swing");
    ThresholdRule oxygen = only(pangasius, "do");
    assertThat(List.of(oxygen.watch(), oxygen.warning(), oxygen.critical()))
        .containsExactly(3.0, 2.0, 1.0);
    ThresholdRule shrimpOxygen = only(rules.effective("whiteleg_shrimp_pond", "x"), "do");
    assertThat(shrimpOxygen.critical()).isEqualTo(2.0);
    assertThat(only(rules.effective("whiteleg_shrimp_pond", "x"), "nh3").critical()).isEqualTo(0.2);
  }

  @Test
  void theMostSpecificOverrideWinsDeviceThenPondThenFarmThenProfile() throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, report_interval_s)"
                    + " VALUES (?, 'water', 'pangasius_pond', 'Ao', 105.7, 10.0, 15)")) {
      for (String id : new String[] {"scope-1", "scope-2"}) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
    }
    vn.cantho.ioc.water.farm.FarmStore farms = new vn.cantho.ioc.water.farm.FarmStore(database);
    farms.putFarm("farm-scope", "farmer-scope", "Trại", null);
    for (String n : new String[] {"1", "2"}) {
      farms.putPond(
          new vn.cantho.ioc.water.farm.Pond(
              "pond-scope-" + n,
              "farm-scope",
              null,
              null,
              "Ao " + n,
              "pangasius_pond",
              null,
              null,
              105.7,
              10.0,
              null,
              List.of("scope-" + n)));
    }
    rules.override(
        RuleStore.Scope.FARM,
        "farm-scope",
        new ThresholdRule(0, "do", Direction.BELOW, 3.2, 2.2, 1.2, 0.5, 2, Duration.ofMinutes(10)),
        "farm");
    rules.override(
        RuleStore.Scope.POND,
        "pond-scope-1",
        new ThresholdRule(0, "do", Direction.BELOW, 3.4, 2.4, 1.4, 0.5, 2, Duration.ofMinutes(10)),
        "pond");
    assertThat(only(rules.effective("pangasius_pond", "scope-1"), "do").watch()).isEqualTo(3.4);
    assertThat(only(rules.effective("pangasius_pond", "scope-2"), "do").watch()).isEqualTo(3.2);
    rules.overrideForDevice(
        "scope-1",
        new ThresholdRule(0, "do", Direction.BELOW, 3.6, 2.6, 1.6, 0.5, 2, Duration.ofMinutes(10)),
        "probe");
    assertThat(only(rules.effective("pangasius_pond", "scope-1"), "do").watch()).isEqualTo(3.6);
    assertThat(only(rules.effective("pangasius_pond", "scope-1"), "salinity").watch())
        .as("other metrics keep the profile's rule")
        .isEqualTo(4.0);
    assertThat(rules.effective("pangasius_pond", "scope-1")).hasSize(8);
    assertThatThrownBy(
            () ->
                rules.override(
                    RuleStore.Scope.POND,
                    "no-such-pond",
                    new ThresholdRule(
                        0, "do", Direction.BELOW, 3.4, 2.4, 1.4, 0.5, 2, Duration.ofMinutes(10)),
                    "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPondsOverrideReplacesTheProfileRuleForThatMetricOnly() throws Exception {
    rules.overrideForDevice(
        "rule-pond-1",
        new ThresholdRule(0, "do", Direction.BELOW, 3.5, 2.5, 1.5, 0.5, 2, Duration.ofMinutes(10)),
        "farmer's aerators are weak");
    List<ThresholdRule> effective = rules.effective("pangasius_pond", "rule-pond-1");
    assertThat(only(effective, "do").watch()).isEqualTo(3.5);
    assertThat(only(effective, "salinity").watch()).isEqualTo(4.0);
    assertThat(effective).hasSize(8);
  }

  @Test
  void theDatabaseRefusesThresholdsOutOfOrder() throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert_rules (profile, metric, direction, watch, warning, critical,"
                    + " hysteresis, source) VALUES ('pangasius_pond', 'temp', 'above', 35, 33, 38,"
                    + " 0.5, 'test')")) {
      assertThatThrownBy(ps::executeUpdate).hasMessageContaining("check constraint");
    }
    assertThatThrownBy(
            () ->
                rules.overrideForDevice(
                    "no-such-device",
                    new ThresholdRule(
                        0, "do", Direction.BELOW, 3, 2, 1, 0.5, 2, Duration.ofMinutes(10)),
                    "test"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ThresholdRule only(List<ThresholdRule> rules, String metric) {
    return rules.stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow();
  }
}
