package vn.cantho.ioc.water.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.PasswordHasher;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.Subscription;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/** Which alerts become messages, and when: the storm limit, escalation and quiet hours. */
@ExtendWith(PostgresExtension.class)
class NotificationPlannerTest {
  private static final Instant AT = Instant.parse("2026-11-22T21:10:00Z");

  @Test
  void oneMessagePerPondAndMetricPer30MinutesUnlessTheSeverityRises(Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "storm", Clock.systemUTC());
    pond.subscribe(Channel.SMS, "0913000001", Language.VI);
    Outbox outbox = new Outbox(db);

    Alert first =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.WATCH, 2.8, AT);
    pond.alerts.clear(first.id(), 3.6, AT.plusSeconds(300));
    Alert again =
        pond.alerts.raise(
            pond.doRule, pond.device, "31135", "do", Severity.WATCH, 2.7, AT.plusSeconds(600));
    Outbox.Status held = outbox.forAlert(again.id()).get(0);
    assertThat(held.state()).isEqualTo("suppressed");
    assertThat(held.reason()).startsWith("storm limit: a watch message");

    pond.alerts.escalate(again.id(), Severity.CRITICAL, 0.9, AT.plusSeconds(900));
    assertThat(outbox.forAlert(again.id()))
        .extracting(Outbox.Status::severity, Outbox.Status::state)
        .as("a rise in severity always goes out")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("watch", "suppressed"),
            org.assertj.core.groups.Tuple.tuple("critical", "pending"));

    pond.alerts.clear(again.id(), 3.6, AT.plusSeconds(1200));
    Alert later =
        pond.alerts.raise(
            pond.doRule, pond.device, "31135", "do", Severity.WATCH, 2.8, AT.plusSeconds(3000));
    assertThat(outbox.forAlert(later.id()))
        .extracting(Outbox.Status::state)
        .as("30 minutes after the last message, the next one goes out")
        .containsExactly("pending");
  }

  @Test
  void oneOxygenDropIsOneMessageThoughItsDawnProjectionAlertsToo(Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "oxygen", Clock.systemUTC());
    pond.subscribe(Channel.SMS, "0913000005", Language.VI);
    Outbox outbox = new Outbox(db);
    RuleKey projectedRule =
        new RuleKey("water", String.valueOf(ruleId(db, "pangasius_pond", "do_projected")));

    // By day the projection equals the measured DO: both rules raise at the same level.
    Alert measured =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.WARNING, 1.8, AT);
    Alert projected =
        pond.alerts.raise(
            projectedRule, pond.device, "31135", "do_projected", Severity.WARNING, 1.8, AT);
    assertThat(outbox.forAlert(measured.id()))
        .extracting(Outbox.Status::state)
        .containsExactly("pending");
    Outbox.Status second = outbox.forAlert(projected.id()).get(0);
    assertThat(second.state()).isEqualTo("suppressed");
    assertThat(second.reason()).startsWith("storm limit: a warning message").contains("(do)");

    // Worse news about the same oxygen still goes out at once.
    pond.alerts.escalate(projected.id(), Severity.CRITICAL, 0.9, AT.plusSeconds(300));
    assertThat(outbox.forAlert(projected.id()))
        .extracting(Outbox.Status::severity, Outbox.Status::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("warning", "suppressed"),
            org.assertj.core.groups.Tuple.tuple("critical", "pending"));
  }

  @Test
  void aStationNobodyOwnsIsHeardOfByTheOperatorsWhoseAreaHoldsIt(Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "station", Clock.systemUTC());
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO devices (id, domain, type, name, lon, lat, zone_id, report_interval_s)"
              + " VALUES ('river-st-1', 'water', 'river_station', 'Trạm sông Hậu', 105.78, 10.03,"
              + " '31135', 300)");
    }
    UserStore users = new UserStore(db, new PasswordHasher());
    SubscriptionStore subscriptions = new SubscriptionStore(db);
    String[][] staff = {
      {"st.city", "city_operator", ""},
      {"st.ninhkieu", "commune_operator", "31135"},
      {"st.elsewhere", "commune_operator", "31116"},
      {"st.viewer", "viewer", ""},
      {"st.farmer", "farmer", "31135"}
    };
    for (String[] u : staff) {
      users.add(
          u[0],
          Role.fromCode(u[1]),
          u[2].isEmpty() ? List.of() : List.of(u[2]),
          "a long test password".toCharArray());
      subscriptions.add(
          new Subscription(
              0,
              u[0],
              null,
              Channel.EMAIL,
              u[0] + "@example.vn",
              Language.VI,
              Severity.WATCH,
              null,
              null));
    }

    Alert alert =
        pond.alerts.raise(pond.doRule, "river-st-1", "31135", "do", Severity.WARNING, 1.9, AT);

    assertThat(new Outbox(db).forAlert(alert.id()))
        .extracting(Outbox.Status::username)
        .as("the city's operator and the ward's, not another ward's, a viewer or a farmer")
        .containsExactlyInAnyOrder("st.city", "st.ninhkieu");
  }

  private static long ruleId(Database db, String profile, String metric) throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM alert_rules WHERE profile = ? AND metric = ? ORDER BY id LIMIT 1")) {
      ps.setString(1, profile);
      ps.setString(2, metric);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void quietHoursHoldBackAllButCriticalAlerts(Database db) throws Exception {
    // The wall clock says 23:30 in Can Tho; the farmer's quiet hours are 22:00–05:00.
    Clock lateEvening = Clock.fixed(Instant.parse("2026-11-22T16:30:00Z"), ZoneOffset.UTC);
    PondFixture pond = new PondFixture(db, "quiet", lateEvening);
    pond.subscriptions.add(
        new Subscription(
            0,
            pond.owner,
            pond.pond,
            Channel.ZALO,
            "998877",
            Language.EN,
            Severity.WATCH,
            LocalTime.of(22, 0),
            LocalTime.of(5, 0)));
    Outbox outbox = new Outbox(db);

    Alert warning =
        pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.WARNING, 1.7, AT);
    Outbox.Status held = outbox.forAlert(warning.id()).get(0);
    assertThat(held.reason()).isEqualTo("held for quiet hours until 05:00");
    assertThat(held.nextAttemptAt()).isEqualTo(Instant.parse("2026-11-22T22:00:00Z"));

    pond.alerts.escalate(warning.id(), Severity.CRITICAL, 0.9, AT.plusSeconds(600));
    List<Outbox.Status> messages = outbox.forAlert(warning.id());
    assertThat(messages.get(1).severity()).isEqualTo("critical");
    assertThat(messages.get(1).reason()).as("critical never waits").isNull();
    assertThat(messages.get(1).title())
        .startsWith("[Level 3 – critical, escalated] Low dissolved oxygen");
  }

  @Test
  void aSubscriptionHearsNothingBelowItsMinimumSeverityAndNobodyHearsAboutOtherFarmersPonds(
      Database db) throws Exception {
    PondFixture pond = new PondFixture(db, "minimum", Clock.systemUTC());
    pond.subscriptions.add(
        new Subscription(
            0,
            pond.owner,
            null,
            Channel.SMS,
            "0913000003",
            Language.VI,
            Severity.CRITICAL,
            null,
            null));
    pond.subscriptions.add(
        new Subscription(
            0,
            "someone-else",
            null,
            Channel.SMS,
            "0913000004",
            Language.VI,
            Severity.WATCH,
            null,
            null));
    Outbox outbox = new Outbox(db);

    Alert a = pond.alerts.raise(pond.doRule, pond.device, "31135", "do", Severity.WARNING, 1.5, AT);
    assertThat(outbox.forAlert(a.id())).isEmpty();
    pond.alerts.escalate(a.id(), Severity.CRITICAL, 0.8, AT.plusSeconds(300));
    assertThat(outbox.forAlert(a.id()))
        .extracting(Outbox.Status::username, Outbox.Status::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(pond.owner, "critical"));
  }
}
