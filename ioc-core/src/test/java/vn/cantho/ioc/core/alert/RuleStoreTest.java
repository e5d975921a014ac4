package vn.cantho.ioc.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.ThresholdRule.Direction;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

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
            "do", "nh3", "ph", "ph", "salinity", "probe_offline", "probe_fault");
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
  void aPondsOverrideReplacesTheProfileRuleForThatMetricOnly() throws Exception {
    rules.overrideForDevice(
        "rule-pond-1",
        new ThresholdRule(0, "do", Direction.BELOW, 3.5, 2.5, 1.5, 0.5, 2, Duration.ofMinutes(10)),
        "farmer's aerators are weak");
    List<ThresholdRule> effective = rules.effective("pangasius_pond", "rule-pond-1");
    assertThat(only(effective, "do").watch()).isEqualTo(3.5);
    assertThat(only(effective, "salinity").watch()).isEqualTo(4.0);
    assertThat(effective).hasSize(7);
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
