package vn.cantho.ioc.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * The kernel's indicators (issue 18) match a recomputation from the raw data (the registry, the
 * latest readings, the alerts table) and are stored per zone and for the city; the API is {@code
 * KpiApiTest}'s.
 */
@ExtendWith(PostgresExtension.class)
class KpiTest {
  private static final Instant NOW = Instant.parse("2031-03-01T08:00:00Z");
  private static final RuleKey RULE = new RuleKey("kpitest", "level");
  private static Database database;
  private static KpiStore store;

  @BeforeAll
  static void start(Database db) {
    database = db;
    store = new KpiStore(db);
  }

  @Test
  void theKernelsIndicatorsMatchARecomputationFromTheRawData() throws Exception {
    DeviceRegistry registry = new DeviceRegistry();
    LatestState latest = new LatestState();
    // Zone 1: three lamps, two heard a minute ago; zone 2: one silent probe; one outside zones.
    device(registry, "kpi-a", "kpi-z1");
    device(registry, "kpi-b", "kpi-z1");
    device(registry, "kpi-c", "kpi-z1");
    device(registry, "kpi-d", "kpi-z2");
    device(registry, "kpi-e", null);
    for (String id : List.of("kpi-a", "kpi-b", "kpi-e")) {
      latest.apply(new Reading(id, "level", NOW.minusSeconds(60), 1.0, Quality.GOOD, "test"));
    }
    AlertStore alerts = new AlertStore(database);
    Instant old = NOW.minus(Duration.ofHours(30));
    alerts.raise(RULE, "kpi-a", "kpi-z1", "level", Severity.CRITICAL, 5, old);
    alerts.raise(RULE, "kpi-b", "kpi-z1", "level", Severity.WARNING, 4, NOW.minusSeconds(600));
    long closed = alerts.raise(RULE, "kpi-c", "kpi-z1", "level", Severity.WATCH, 3, old).id();
    alerts.clear(closed, 1, NOW.minusSeconds(900));
    alerts.acknowledge(closed, "kpi.city", NOW.minusSeconds(800)); // cleared, then seen: closed
    alerts.raise(RULE, "kpi-d", "kpi-z2", "level", Severity.WATCH, 3, NOW.minusSeconds(60));
    alerts.raise(RULE, "kpi-e", null, "level", Severity.WARNING, 4, NOW.minusSeconds(60));
    row("kpi-later");
    alerts.raise(RULE, "kpi-later", "kpi-z1", "level", Severity.CRITICAL, 6, NOW.plusSeconds(60));

    KpiRecorder recorder =
        new KpiRecorder(
            List.of(new KernelKpis(registry, latest, database)),
            store,
            Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC));
    assertThat(recorder.recordNow()).isEqualTo(NOW);
    Map<String, Double> stored = stored(NOW);

    assertThat(stored)
        .containsEntry("devices.total|kpi-z1", 3.0)
        .containsEntry("devices.online|kpi-z1", 2.0)
        .containsEntry("devices.total|kpi-z2", 1.0)
        .containsEntry("devices.online|kpi-z2", 0.0)
        .containsEntry("devices.total|", 5.0)
        .containsEntry("devices.online|", 3.0)
        .containsEntry("alerts.open.critical|kpi-z1", 1.0)
        .containsEntry("alerts.open.warning|kpi-z1", 1.0)
        .containsEntry("alerts.open.watch|kpi-z1", 0.0)
        .containsEntry("alerts.open_over_24h|kpi-z1", 1.0)
        .containsEntry("alerts.open.watch|kpi-z2", 1.0);
    // The city's alert figures, recomputed from the whole table (other tests' alerts included).
    for (Severity s : Severity.values()) {
      assertThat(stored.get("alerts.open." + s.code() + "|"))
          .as(s.code())
          .isEqualTo(recount(s.code(), NOW));
    }
    assertThat(stored.get("alerts.open_over_24h|"))
        .isEqualTo(recount(null, NOW.minus(Duration.ofHours(24)).minusNanos(1)));

    // Measured again at the same minute: replaced, not doubled.
    recorder.recordNow();
    assertThat(stored(NOW)).isEqualTo(stored);
  }

  private static void device(DeviceRegistry registry, String id, String zone) throws Exception {
    registry.put(new Device(id, Domain.LIGHTING, "lamp", id, 105.7, 10.0, zone, 60));
    row(id);
  }

  /** The device's row, which an alert refers to. */
  private static void row(String id) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO devices (id, domain, type, name, lon, lat, report_interval_s)"
                    + " VALUES (?, 'lighting', 'lamp', ?, 105.7, 10.0, 60) ON CONFLICT DO NOTHING")) {
      ps.setString(1, id);
      ps.setString(2, id);
      ps.executeUpdate();
    }
  }

  private static Map<String, Double> stored(Instant at) throws Exception {
    Map<String, Double> out = new HashMap<>();
    for (KpiStore.Series s : store.query(null, null, true, at, at.plusSeconds(1), 10_000)) {
      out.put(s.kpi() + "|" + (s.zoneId() == null ? "" : s.zoneId()), s.points().get(0).value());
    }
    return out;
  }

  /** Open alerts raised by {@code raisedBy} (of one severity, or any), straight from the table. */
  private static double recount(String severity, Instant raisedBy) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM alerts WHERE state <> 'closed' AND raised_at <= ?"
                    + " AND (?::text IS NULL OR severity = ?::text)")) {
      ps.setTimestamp(1, Timestamp.from(raisedBy));
      ps.setString(2, severity);
      ps.setString(3, severity);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
