package vn.cantho.ioc.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

@ExtendWith(PostgresExtension.class)
class AlertStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-22T20:30:00Z");
  private static Database database;
  private static AlertStore alerts;
  private static final RuleKey doRule = new RuleKey("test", "do-low");

  @BeforeAll
  static void setUp(Database db) throws Exception {
    database = db;
    alerts = new AlertStore(db);
    try (Connection c = db.dataSource().getConnection()) {
      for (String id : new String[] {"alert-pond-1", "alert-pond-2", "alert-pond-3"}) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, report_interval_s)"
                    + " VALUES (?, 'water', 'pangasius_pond', 'Ao', 105.7, 10.0, 15)"
                    + " ON CONFLICT DO NOTHING")) {
          ps.setString(1, id);
          ps.executeUpdate();
        }
      }
    }
  }

  @Test
  void anAlertGoesThroughItsLifecycleAndEveryStepIsRecordedAndAudited() throws Exception {
    Alert raised = alerts.raise(doRule, "alert-pond-1", "31135", "do", Severity.WATCH, 2.7, T0);
    assertThat(raised.state()).isEqualTo(Alert.State.RAISED);
    long id = raised.id();

    assertThat(alerts.escalate(id, Severity.CRITICAL, 0.8, T0.plusSeconds(600)))
        .get()
        .extracting(Alert::severity)
        .isEqualTo(Severity.CRITICAL);
    assertThat(alerts.escalate(id, Severity.WARNING, 1.5, T0.plusSeconds(660)))
        .as("severity never falls on an open alert")
        .isEmpty();
    assertThat(alerts.acknowledge(id, "farmer", T0.plusSeconds(700)))
        .get()
        .extracting(Alert::state, Alert::acknowledgedBy)
        .containsExactly(Alert.State.ACKNOWLEDGED, "farmer");
    assertThat(alerts.clear(id, 3.6, T0.plusSeconds(3600)))
        .get()
        .extracting(Alert::state)
        .isEqualTo(Alert.State.CLEARED);
    assertThat(alerts.acknowledge(id, "city.operator", T0.plusSeconds(3700)))
        .get()
        .extracting(Alert::state)
        .isEqualTo(Alert.State.CLOSED);
    assertThat(alerts.acknowledge(id, "city.operator", T0.plusSeconds(3800))).isEmpty();

    assertThat(alerts.history(id))
        .containsExactly("raised", "escalated", "acknowledged", "cleared", "closed");
    assertThat(auditedActions(id))
        .containsExactly(
            "alert.raised",
            "alert.escalated",
            "alert.acknowledged",
            "alert.cleared",
            "alert.closed");
  }

  @Test
  void oneOpenAlertPerRuleAndDevice() throws Exception {
    Alert first = alerts.raise(doRule, "alert-pond-2", null, "do", Severity.WATCH, 2.7, T0);
    Alert again = alerts.raise(doRule, "alert-pond-2", null, "do", Severity.WARNING, 1.9, T0);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(alerts.history(first.id())).containsExactly("raised");
    // The database itself refuses a second open alert, whoever writes it.
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alerts (feature, rule_key, device_id, metric, severity, state,"
                    + " raised_at, raised_value, last_value) VALUES (?, ?, 'alert-pond-2', 'do',"
                    + " 'watch', 'acknowledged', now(), 1, 1)")) {
      ps.setString(1, doRule.feature());
      ps.setString(2, doRule.key());
      assertThatThrownBy(ps::executeUpdate)
          .hasMessageContaining("alerts_one_open_per_rule_and_device");
    }
    // Once cleared, the next crash is a new alert.
    alerts.clear(first.id(), 3.6, T0.plusSeconds(60));
    Alert next =
        alerts.raise(doRule, "alert-pond-2", null, "do", Severity.WATCH, 2.8, T0.plusSeconds(120));
    assertThat(next.id()).isNotEqualTo(first.id());
    assertThat(alerts.open("test"))
        .extracting(Alert::id)
        .contains(next.id())
        .doesNotContain(first.id());
  }

  private static java.util.List<String> auditedActions(long id) throws Exception {
    java.util.List<String> actions = new java.util.ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT action FROM audit_log WHERE target = ? OR target LIKE ? ORDER BY id")) {
      ps.setString(1, "alert:" + id);
      ps.setString(2, "alert:" + id + " %");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          actions.add(rs.getString(1));
        }
      }
    }
    return actions;
  }
}
