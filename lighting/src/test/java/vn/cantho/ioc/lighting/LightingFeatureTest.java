package vn.cantho.ioc.lighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.MutableClock;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.command.CommandBatch;
import vn.cantho.ioc.core.command.ScriptedDownlink;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.lighting.control.LampFaults;
import vn.cantho.ioc.lighting.control.Overrides;
import vn.cantho.ioc.lighting.control.ScheduleRunner;
import vn.cantho.ioc.lighting.fault.FaultKind;
import vn.cantho.ioc.lighting.inventory.LightingGroups;
import vn.cantho.ioc.lighting.inventory.LuminaireStore;
import vn.cantho.ioc.lighting.schedule.DimmingProfile;

/**
 * The lighting feature on the kernel's seam, with a real database and a transport whose lights
 * obey: who may command which lights (and the audit of it), schedules carried out by commands,
 * broken lights raised as alerts from what they report, and metered energy.
 */
@ExtendWith(PostgresExtension.class)
class LightingFeatureTest {
  private static final String WARD_A = "31135";
  private static final String WARD_B = "31117";

  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<Device> lamps = new ArrayList<>();
  private String cabinetA;
  private FeatureTestKit kit;
  private LightingFeature feature;
  private ScriptedDownlink link;

  @BeforeEach
  void start(Database db) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    cabinetA = "tu-" + WARD_A + "-" + run;
    JsonArray registry = new JsonArray();
    for (int i = 0; i < 4; i++) {
      String zone = i < 2 ? WARD_A : WARD_B;
      Device d =
          new Device(
              "lf-" + run + "-" + i,
              LightingGroups.DOMAIN,
              "led_streetlight",
              "Đèn " + i,
              105.78 + i * 0.001,
              10.03,
              zone,
              60);
      lamps.add(d);
      registry.add(
          new JsonObject()
              .put("id", d.id())
              .put("domain", "lighting")
              .put(
                  "attributes",
                  new JsonObject()
                      .put("ratedPowerW", 100)
                      .put("lampType", "LED")
                      .put("cabinet", i < 2 ? cabinetA : "tu-" + WARD_B + "-" + run)
                      .put("circuit", 1)
                      .put("street", "Đường 30/4")));
    }
    Path file = Files.createTempFile("lighting-registry", ".json");
    Files.writeString(file, new JsonObject().put("devices", registry).encode());
    feature = new LightingFeature();
    kit = new FeatureTestKit(db, List.of(feature), lamps, new ZoneIndex(List.of()), clock);
    kit.host().seedDemo(new DemoSeed(Map.of(), "0900000000", file));
    link = new ScriptedDownlink(kit.commands(), ScriptedDownlink.Behaviour.ACKNOWLEDGE);
    kit.commands().addDownlink(link);
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  private HttpResponse<String> command(String token, String target, int state, int dim)
      throws Exception {
    return kit.post(
        "/api/v1/lighting/commands",
        token,
        new JsonObject().put("target", target).put("state", state).put("dim", dim).encode());
  }

  @Test
  void commandsAreAuthorisedByRoleAndZoneAuditedAndCarriedOut() throws Exception {
    String viewer = kit.token("lf-viewer", Role.VIEWER, List.of());
    String traffic = kit.token("lf-traffic", Role.TRAFFIC_STAFF, List.of());
    String commune = kit.token("lf-commune-a", Role.COMMUNE_OPERATOR, List.of(WARD_A));
    String crew = kit.token("lf-crew", Role.MAINTENANCE, List.of());

    assertThat(command(viewer, "cabinet:" + cabinetA, 1, 60).statusCode()).isEqualTo(403);
    assertThat(command(traffic, "cabinet:" + cabinetA, 1, 60).statusCode()).isEqualTo(403);
    assertThat(command(null, "cabinet:" + cabinetA, 1, 60).statusCode()).isEqualTo(401);
    // A commune operator: his ward's cabinet yes, the city (which reaches ward B) no, and ward B
    // alone is nothing he can see.
    assertThat(command(commune, "city:all", 1, 60).statusCode()).isEqualTo(403);
    assertThat(command(commune, "zone:" + WARD_B, 1, 60).statusCode()).isEqualTo(404);
    assertThat(command(commune, "cabinet:" + cabinetA, 1, 101).statusCode()).isEqualTo(400);
    assertThat(command(commune, "shelf:1", 1, 60).statusCode()).isEqualTo(400);

    HttpResponse<String> ok = command(commune, "cabinet:" + cabinetA, 1, 60);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    JsonObject batch = new JsonObject(ok.body());
    assertThat(batch.getInteger("total")).isEqualTo(2);
    await()
        .until(
            () ->
                new JsonObject(
                            kit.get(
                                    "/api/v1/command-batches/" + batch.getString("batchId"),
                                    commune)
                                .body())
                        .getJsonObject("byStatus")
                        .getInteger("acknowledged")
                    == 2);
    assertThat(link.sent)
        .extracting(c -> c.device().id())
        .containsExactlyInAnyOrder(lamps.get(0).id(), lamps.get(1).id());
    assertThat(kit.commands().twins().get(lamps.get(0).id()).orElseThrow().desired())
        .isEqualTo(Map.of("state", 1.0, "dim", 60.0));
    assertThat(kit.auditedActions("lf-commune-a")).contains("command.operator");
    assertThat(kit.auditedActions("lf-commune-a")).contains("access.denied");

    HttpResponse<String> city = command(crew, "city:all", 0, 0);
    assertThat(city.statusCode()).as(city.body()).isEqualTo(202);
    assertThat(new JsonObject(city.body()).getInteger("total")).isEqualTo(4);
  }

  @Test
  void schedulesAreCarriedOutByCommandsAndAGroupsProfileChangesOnlyItsLights(Database db)
      throws Exception {
    // 23:30 in Can Tho on an ordinary night: the default profile dims to 70 %.
    MutableClock night = new MutableClock(Instant.parse("2026-12-06T16:30:00Z"));
    LuminaireStore luminaires = new LuminaireStore(db);
    luminaires.load();
    ScheduleRunner runner =
        new ScheduleRunner(
            new LightingGroups(kit.devices(), luminaires),
            feature.schedules(),
            new Overrides(db),
            kit.commands(),
            night);

    List<CommandBatch> first = runner.run();
    assertThat(first).singleElement().satisfies(b -> assertThat(b.total()).isEqualTo(4));
    awaitNothingOpen();
    assertThat(desiredDim(0)).isEqualTo(70.0);
    assertThat(runner.run()).as("a quiet pass sends nothing").isEmpty();

    feature
        .schedules()
        .assign(
            new LightingGroups.Target(LightingGroups.Kind.CABINET, cabinetA),
            DimmingProfile.HOLIDAY_FULL.id(),
            "lf-test",
            night.instant());
    List<CommandBatch> second = runner.run();
    assertThat(second).singleElement().satisfies(b -> assertThat(b.total()).isEqualTo(2));
    awaitNothingOpen();
    assertThat(desiredDim(0)).isEqualTo(100.0);
    assertThat(desiredDim(1)).isEqualTo(100.0);
    assertThat(desiredDim(2)).isEqualTo(70.0);

    // 01:30: the default profile is at 50 %, the holiday one still at 100 %.
    night.advance(Duration.ofHours(2));
    assertThat(runner.run()).singleElement().satisfies(b -> assertThat(b.total()).isEqualTo(2));
    awaitNothingOpen();
    assertThat(desiredDim(0)).isEqualTo(100.0);
    assertThat(desiredDim(3)).isEqualTo(50.0);

    HttpResponse<String> schedules =
        kit.get("/api/v1/lighting/schedules", kit.token("lf-v", Role.VIEWER, List.of()));
    assertThat(
            new JsonObject(schedules.body())
                .getJsonObject("assignments")
                .getString("cabinet:" + cabinetA))
        .isEqualTo(DimmingProfile.HOLIDAY_FULL.id());
  }

  @Test
  void aLampThatStaysDarkWhenCommandedOnIsRaisedForTheCrewAndClearedWhenLit() throws Exception {
    Device lamp = lamps.get(2);
    String crew = kit.token("lf-crew2", Role.MAINTENANCE, List.of());
    assertThat(command(crew, "device:" + lamp.id(), 1, 80).statusCode()).isEqualTo(202);
    awaitNothingOpen();
    Instant t0 = clock.instant().plusSeconds(60);
    for (int i = 0; i < 3; i++) {
      publish(lamp, t0.plusSeconds(60L * i), 1, 80, 0.5);
    }
    await()
        .until(
            () -> kit.alerts().openFor(LampFaults.rule(FaultKind.LAMP_OUT), lamp.id()).isPresent());
    for (int i = 3; i < 6; i++) {
      publish(lamp, t0.plusSeconds(60L * i), 1, 80, 80);
    }
    await()
        .until(
            () -> kit.alerts().openFor(LampFaults.rule(FaultKind.LAMP_OUT), lamp.id()).isEmpty());
  }

  @Test
  void energyIsMeteredFromPowerReportsWithinTheCallersScope() throws Exception {
    Device lamp = lamps.get(0);
    // Two hours at 50 W, reported every minute, just after local midnight of a day: 0.1 kWh.
    Instant start = Instant.parse("2026-12-04T17:30:00Z"); // 00:30 on 5 Dec in Can Tho
    for (int i = 0; i <= 120; i++) {
      publish(lamp, start.plusSeconds(60L * i), 1, 50, 50);
    }
    String commune = kit.token("lf-commune-e", Role.COMMUNE_OPERATOR, List.of(WARD_A));
    await()
        .until(
            () ->
                new JsonObject(
                            kit.get(
                                    "/api/v1/lighting/energy?target=device:"
                                        + lamp.id()
                                        + "&from=2026-12-05&to=2026-12-05",
                                    commune)
                                .body())
                        .getDouble("actualKwh")
                    >= 0.0999);
    JsonObject e =
        new JsonObject(
            kit.get(
                    "/api/v1/lighting/energy?target=device:"
                        + lamp.id()
                        + "&from=2026-12-05&to=2026-12-05",
                    commune)
                .body());
    assertThat(e.getDouble("actualKwh")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-6));
    // Baseline: 100 W rated over the two dark hours it was metered (00:30-02:30), not the whole
    // day's 12.4 dark hours: half of it was saved.
    assertThat(e.getDouble("baselineKwh"))
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(e.getDouble("savedPercent"))
        .isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(e.getValue("savedVnd")).isNull();
    JsonObject theirs =
        new JsonObject(kit.get("/api/v1/lighting/energy?target=zone:" + WARD_B, commune).body());
    assertThat(theirs.getInteger("lights")).isZero();
  }

  @Test
  void oneLampWithAFastClockDoesNotMakeTheOthersLookSilent() throws Exception {
    Instant t = Instant.parse("2026-12-04T16:00:00Z");
    // Lamp 0's clock runs four minutes fast; the others report on time.
    publish(lamps.get(0), t.plusSeconds(240), 1, 100, 100);
    for (int i = 1; i < 4; i++) {
      publish(lamps.get(i), t, 1, 100, 100);
    }
    await().until(() -> feature.faults().lastSeenCount() == 4);
    feature.faults().tick();
    feature.faults().drain();
    for (Device lamp : lamps) {
      assertThat(kit.alerts().openFor(LampFaults.rule(FaultKind.COMM_LOSS), lamp.id())).isEmpty();
    }

    // Lamp 3 falls silent while the others go on for five minutes: it alone is raised.
    for (int m = 1; m <= 5; m++) {
      for (int i = 0; i < 3; i++) {
        publish(lamps.get(i), t.plusSeconds(60L * m + (i == 0 ? 240 : 0)), 1, 100, 100);
      }
    }
    await()
        .until(
            () -> {
              feature.faults().tick();
              feature.faults().drain();
              return kit.alerts()
                  .openFor(LampFaults.rule(FaultKind.COMM_LOSS), lamps.get(3).id())
                  .isPresent();
            });
    for (int i = 0; i < 3; i++) {
      assertThat(kit.alerts().openFor(LampFaults.rule(FaultKind.COMM_LOSS), lamps.get(i).id()))
          .isEmpty();
    }
  }

  /**
   * The leaders' lighting indicators (issue 18) against a recount from the raw data, per ward and
   * for the city: lights working from the readings table (reported within three intervals) and the
   * alerts table (no raised or acknowledged fault), energy saved from the power the lamps drew
   * (rated minus drawn, over the dark hours metered), and both as the console's energy tile reads
   * them from {@code GET /api/v1/lighting/energy}.
   */
  @Test
  void theLeadersIndicatorsMatchARecountFromReadingsAlertsAndTheEnergyTile(Database db)
      throws Exception {
    // 23:00 on 5 December in Can Tho: dark since about 17:30, so the two hours before are dark.
    Instant at = Instant.parse("2026-12-05T16:00:00Z");
    double[] watts = {40, 60, 100, 50};
    // Lamps 0-2 report every minute for two hours; lamp 3 fell silent ten minutes ago.
    int[] minutes = {120, 120, 120, 110};
    for (int i = 0; i < lamps.size(); i++) {
      List<Reading> power = new ArrayList<>();
      for (int m = 0; m <= minutes[i]; m++) {
        power.add(
            new Reading(
                lamps.get(i).id(),
                "power",
                at.minusSeconds(60L * (120 - m)),
                watts[i],
                Quality.GOOD,
                "mqtt"));
      }
      commit(db, power);
    }
    var alerts = kit.alerts();
    Device broken = lamps.get(1);
    alerts.raise(
        LampFaults.rule(FaultKind.LAMP_OUT),
        broken.id(),
        broken.zoneId(),
        "power",
        vn.cantho.ioc.core.alert.Severity.WARNING,
        0,
        at.minusSeconds(300));
    Device mended = lamps.get(2);
    long cleared =
        alerts
            .raise(
                LampFaults.rule(FaultKind.POWER_LOW),
                mended.id(),
                mended.zoneId(),
                "power",
                vn.cantho.ioc.core.alert.Severity.WARNING,
                0,
                at.minusSeconds(3600))
            .id();
    alerts.clear(cleared, 100, at.minusSeconds(1800));
    String city = kit.token("lf-city-kpi", Role.CITY_OPERATOR, List.of());
    double allActual = 0;
    for (int i = 0; i < lamps.size(); i++) {
      allActual += watts[i] * minutes[i] / 60.0 / 1000;
    }
    double expectedActual = allActual;
    await()
        .until(
            () ->
                Math.abs(energy(city, "city:all").getDouble("actualKwh") - expectedActual) < 1e-9);

    Map<String, Double> measured = new java.util.HashMap<>();
    for (var source : kit.kpiSources()) {
      for (var v : source.measure(at)) {
        measured.put(v.kpi() + "|" + (v.zoneId() == null ? "" : v.zoneId()), v.value());
      }
    }
    for (String zone : List.of(WARD_A, WARD_B, "")) {
      List<Device> in =
          lamps.stream().filter(d -> zone.isEmpty() || zone.equals(d.zoneId())).toList();
      long working = 0;
      double saved = 0;
      double baseline = 0;
      for (Device d : in) {
        if (lastReading(db, d.id()).isAfter(at.minusSeconds(180)) && openFaults(db, d.id()) == 0) {
          working++;
        }
        int i = lamps.indexOf(d);
        baseline += 100 * minutes[i] / 60.0 / 1000;
        saved += (100 - watts[i]) * minutes[i] / 60.0 / 1000;
      }
      assertThat(measured.get("lighting.lights|" + zone)).as(zone).isEqualTo((double) in.size());
      assertThat(measured.get("lighting.lights_working|" + zone))
          .as(zone)
          .isEqualTo((double) working);
      assertThat(measured.get("lighting.lights_working_share|" + zone))
          .as(zone)
          .isCloseTo((double) working / in.size(), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(measured.get("lighting.energy_saved_today_kwh|" + zone))
          .as(zone)
          .isCloseTo(saved, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(measured.get("lighting.energy_saved_today_percent|" + zone))
          .as(zone)
          .isCloseTo(100 * saved / baseline, org.assertj.core.data.Offset.offset(1e-6));

      JsonObject tile = energy(city, zone.isEmpty() ? "city:all" : "zone:" + zone);
      assertThat(tile.getInteger("lights")).isEqualTo(in.size());
      assertThat(measured.get("lighting.energy_saved_today_kwh|" + zone))
          .as("the console's figure for " + zone)
          .isEqualTo(tile.getDouble("savedKwh"));
      assertThat(measured.get("lighting.energy_saved_today_percent|" + zone))
          .isEqualTo(tile.getDouble("savedPercent"));
    }
    assertThat(measured.get("lighting.lights_working|"))
        .as("lamp 1 broken, lamp 3 silent; lamp 2's fault was cleared")
        .isEqualTo(2.0);
  }

  private JsonObject energy(String token, String target) throws Exception {
    return new JsonObject(
        kit.get(
                "/api/v1/lighting/energy?target=" + target + "&from=2026-12-05&to=2026-12-05",
                token)
            .body());
  }

  /** As ingest commits readings: stored, then published to the features. */
  private void commit(Database db, List<Reading> readings) throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO readings (device_id, metric, ts, value, quality, source)"
                    + " VALUES (?, ?, ?, ?, 0, 'mqtt')")) {
      for (Reading r : readings) {
        ps.setString(1, r.deviceId());
        ps.setString(2, r.metric());
        ps.setTimestamp(3, java.sql.Timestamp.from(r.ts()));
        ps.setDouble(4, r.value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    kit.vertx()
        .eventBus()
        .publish(
            CommittedReadings.ADDRESS, new CommittedReadings(List.copyOf(readings), Instant.now()));
  }

  private static Instant lastReading(Database db, String deviceId) throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement("SELECT max(ts) FROM readings WHERE device_id = ?")) {
      ps.setString(1, deviceId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getTimestamp(1).toInstant();
      }
    }
  }

  private static long openFaults(Database db, String deviceId) throws Exception {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM alerts WHERE device_id = ? AND feature = 'lighting'"
                    + " AND state IN ('raised', 'acknowledged')")) {
      ps.setString(1, deviceId);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void publish(Device lamp, Instant ts, int state, int dim, double power) {
    kit.vertx()
        .eventBus()
        .publish(
            CommittedReadings.ADDRESS,
            new CommittedReadings(
                List.of(
                    new Reading(lamp.id(), "state", ts, state, Quality.GOOD, "mqtt"),
                    new Reading(lamp.id(), "dim", ts, dim, Quality.GOOD, "mqtt"),
                    new Reading(lamp.id(), "power", ts, power, Quality.GOOD, "mqtt")),
                Instant.now()));
  }

  private void awaitNothingOpen() {
    await().until(() -> kit.commands().openCount() == 0);
    await()
        .until(
            () ->
                lamps.stream()
                    .allMatch(
                        l ->
                            kit.commands()
                                .twins()
                                .status(l.id())
                                .map(s -> s.isFinal())
                                .orElse(true)));
  }

  private double desiredDim(int lamp) {
    return kit.commands().twins().get(lamps.get(lamp).id()).orElseThrow().desired().get("dim");
  }
}
