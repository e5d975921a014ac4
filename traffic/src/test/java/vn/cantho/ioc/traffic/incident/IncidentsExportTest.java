package vn.cantho.ioc.traffic.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.export.ExportPage;
import vn.cantho.ioc.core.export.ExportQuery;
import vn.cantho.ioc.core.export.ExportRefused;
import vn.cantho.ioc.core.export.ExportRow;
import vn.cantho.ioc.core.export.ShareEvent;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;

/**
 * Traffic's incidents as the sharing feature reads them through the seam: scope, paging by id,
 * place, and the timeline as change events without staff comments.
 */
@ExtendWith(PostgresExtension.class)
class IncidentsExportTest {
  private static final Instant T0 = Instant.parse("2027-02-03T01:00:00Z");
  private static final Instant END = T0.plus(Duration.ofHours(1));
  private static IncidentsExport export;
  private static IncidentStore store;
  private static long inWard;
  private static long inOther;

  @BeforeAll
  static void start(Database db) throws Exception {
    vn.cantho.ioc.core.feature.FeatureMigrations.migrate(
        db, new vn.cantho.ioc.traffic.TrafficFeature());
    store = new IncidentStore(db);
    export = new IncidentsExport(db);
    inWard = report("ix-ward", "ix-31117", 105.75, T0);
    inOther = report("ix-other", "ix-31120", 105.85, T0.plus(Duration.ofMinutes(1)));
    store.comment(inWard, "staff", "gọi 113 cho anh Ba", T0.plus(Duration.ofMinutes(2)));
  }

  /**
   * Its incidents lie in zones no other test's zone index knows: left open, they would count in the
   * city's figures of tests that share the database (the KPI test compares two of them).
   */
  @AfterAll
  static void removeOurIncidents(Database db) throws Exception {
    try (var c = db.dataSource().getConnection();
        var events =
            c.prepareStatement("DELETE FROM traffic_incident_events WHERE incident_id IN (?, ?)");
        var incidents = c.prepareStatement("DELETE FROM traffic_incidents WHERE id IN (?, ?)")) {
      for (var ps : List.of(events, incidents)) {
        ps.setLong(1, inWard);
        ps.setLong(2, inOther);
        ps.executeUpdate();
      }
    }
  }

  @Test
  void aCommuneOperatorReadsHisZonesIncidentsAtTheirPoint() throws Exception {
    List<ExportRow> rows = all(caller(Role.COMMUNE_OPERATOR, List.of("ix-31117")));
    assertThat(rows).extracting(ExportRow::key).containsExactly(Long.toString(inWard));
    assertThat(rows.get(0).geometry().getCoordinate().x).isEqualTo(105.75);
    assertThat(rows.get(0).values())
        .containsEntry("zoneId", "ix-31117")
        .doesNotContainKey("assignee");
    assertThat(all(caller(Role.CITY_OPERATOR, List.of())))
        .extracting(ExportRow::key)
        .contains(Long.toString(inWard), Long.toString(inOther));
  }

  @Test
  void aFarmerIsRefused() {
    assertThatThrownBy(() -> all(caller(Role.FARMER, List.of()))).isInstanceOf(ExportRefused.class);
  }

  @Test
  void theTimelineIsTheChangeLogWithoutComments() throws Exception {
    List<ShareEvent> events = new ArrayList<>();
    long after = 0;
    for (List<ShareEvent> page = export.events().after(after, 100);
        !page.isEmpty();
        page = export.events().after(after, 100)) {
      events.addAll(page);
      after = page.get(page.size() - 1).sourceId();
    }
    List<ShareEvent> ours =
        events.stream().filter(e -> e.data().getLong("incidentId") == inWard).toList();
    assertThat(ours).extracting(ShareEvent::type).containsExactly("incident.reported");
    assertThat(ours.get(0).zoneId()).isEqualTo("ix-31117");
    assertThat(ours.get(0).data().encode()).doesNotContain("anh Ba");
  }

  /** Every page of one row each, to exercise the keys. */
  private static List<ExportRow> all(Caller caller) throws Exception {
    List<ExportRow> rows = new ArrayList<>();
    String after = null;
    do {
      ExportPage page = export.read(new ExportQuery(caller, T0, END, null, after, 1));
      rows.addAll(page.rows());
      after = page.nextAfter();
    } while (after != null);
    return rows.stream()
        .filter(
            r -> r.key().equals(Long.toString(inWard)) || r.key().equals(Long.toString(inOther)))
        .toList();
  }

  private static Caller caller(Role role, List<String> zones) {
    return new Caller("ix-" + role.code(), role, zones, Instant.now().plusSeconds(600), true);
  }

  private static long report(String segment, String zone, double lon, Instant at) throws Exception {
    return store
        .report(
            new Report(
                IncidentKind.ACCIDENT,
                IncidentSeverity.HIGH,
                IncidentSource.STAFF,
                null,
                new IncidentLocation(lon, 10.05, null, null, null, segment),
                zone,
                "va chạm",
                at,
                "staff",
                null))
        .incident()
        .id();
  }
}
