package vn.cantho.ioc.flood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.feature.FeatureTestKit;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.Subscription;
import vn.cantho.ioc.core.notify.SubscriptionStore;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.core.store.ReadingWriter;
import vn.cantho.ioc.flood.forecast.Constituent;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.monitor.FloodAlerts;
import vn.cantho.ioc.flood.monitor.FloodLog;
import vn.cantho.ioc.flood.monitor.FloodMonitor;
import vn.cantho.ioc.flood.monitor.StationMonitor;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.station.StationStore;

/**
 * The flood feature on the kernel's seam with a real database: warnings routed to the wards a
 * station protects (alerts scoped to them, messages to their operators only), the stations' API and
 * who may change a station, and a replayed month deciding the same forecasts as the live run.
 */
@ExtendWith(PostgresExtension.class)
class FloodFeatureTest {
  private static final String WARD_A = "31135";
  private static final String WARD_A2 = "31120";
  private static final String WARD_B = "31147";
  private static final AlarmLevels CAN_THO = new AlarmLevels(180, 190, 200);

  private FeatureTestKit kit;
  private FloodFeature feature;
  private Database db;
  private String run;
  private Device gaugeA;
  private Device gaugeB;

  @BeforeEach
  void start(Database db) throws Exception {
    this.db = db;
    run = UUID.randomUUID().toString().substring(0, 6);
    gaugeA = gauge("wl-" + run + "-a", WARD_A);
    gaugeB = gauge("wl-" + run + "-b", WARD_B);
    feature = new FloodFeature();
    kit = new FeatureTestKit(db, List.of(feature), List.of(gaugeA, gaugeB));
    feature.addStations(
        List.of(station(gaugeA, List.of(WARD_A, WARD_A2)), station(gaugeB, List.of(WARD_B))),
        "test");
  }

  @AfterEach
  void stop() {
    kit.close();
  }

  /**
   * The leaders' flood indicator (issue 18): warnings raised in the last 24 hours per ward and for
   * the city, as the alert store counts them; other features' alerts and older ones left out.
   */
  @Test
  void theWarningsIssuedIndicatorCountsTheLastDaysFloodAlerts() throws Exception {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    var alerts = kit.alerts();
    alerts.raise(
        new vn.cantho.ioc.core.alert.RuleKey("flood", "level:" + WARD_A),
        gaugeA.id(),
        WARD_A,
        "level",
        vn.cantho.ioc.core.alert.Severity.WARNING,
        192,
        now.minusSeconds(600));
    alerts.raise(
        new vn.cantho.ioc.core.alert.RuleKey("flood", "forecast:" + WARD_A),
        gaugeA.id(),
        WARD_A,
        "level",
        vn.cantho.ioc.core.alert.Severity.WATCH,
        185,
        now.minusSeconds(3600));
    alerts.raise(
        new vn.cantho.ioc.core.alert.RuleKey("flood", "level:" + WARD_B),
        gaugeB.id(),
        WARD_B,
        "level",
        vn.cantho.ioc.core.alert.Severity.WARNING,
        191,
        now.minus(java.time.Duration.ofHours(30)));
    alerts.raise(
        new vn.cantho.ioc.core.alert.RuleKey("other", "x"),
        gaugeB.id(),
        WARD_B,
        "level",
        vn.cantho.ioc.core.alert.Severity.WATCH,
        1,
        now.minusSeconds(60));
    java.util.Map<String, Double> measured = new java.util.HashMap<>();
    for (var source : kit.kpiSources()) {
      for (var v : source.measure(now)) {
        measured.put(v.kpi() + "|" + (v.zoneId() == null ? "" : v.zoneId()), v.value());
      }
    }
    for (String zone : List.of(WARD_A, WARD_B, "")) {
      var counts =
          alerts.counts(
              new vn.cantho.ioc.core.alert.AlertStore.Query(
                  null,
                  null,
                  zone.isEmpty() ? null : zone,
                  "flood",
                  null,
                  null,
                  null,
                  now.minus(java.time.Duration.ofHours(24)).plusNanos(1000),
                  now.plusNanos(1000),
                  null));
      double recount =
          counts.getOrDefault("flood", java.util.Map.of()).values().stream()
              .mapToLong(Long::longValue)
              .sum();
      assertThat(measured.getOrDefault("flood.warnings_24h|" + zone, 0.0))
          .as(zone)
          .isEqualTo(recount);
    }
    assertThat(measured.get("flood.warnings_24h|" + WARD_A)).isGreaterThanOrEqualTo(2.0);
  }

  private static Device gauge(String id, String zone) {
    return new Device(
        id, Domain.FLOOD, "water_level_gauge", "Trạm " + id, 105.78, 10.04, zone, 300);
  }

  private static FloodStation station(Device d, List<String> wards) {
    return new FloodStation(d.id(), d.name(), "level", CAN_THO, 5, 2, null, wards);
  }

  private void publish(Device d, Instant first, double... values) {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      readings.add(
          new Reading(
              d.id(), "level", first.plusSeconds(300L * i), values[i], Quality.GOOD, "test"));
    }
    kit.vertx()
        .eventBus()
        .publish(CommittedReadings.ADDRESS, new CommittedReadings(readings, Instant.now()));
  }

  private Optional<Alert> open(Device d, FloodAlerts.Kind kind, String zone) throws Exception {
    return kit.alerts().openFor(kind.rule(zone), d.id());
  }

  @Test
  void aWardOperatorHearsOfHisStationsCrossingAndAnotherWardsOperatorDoesNot() throws Exception {
    String opA = "fl-op-a-" + run;
    String opB = "fl-op-b-" + run;
    String tokenA = kit.token(opA, Role.COMMUNE_OPERATOR, List.of(WARD_A));
    String tokenB = kit.token(opB, Role.COMMUNE_OPERATOR, List.of(WARD_B));
    SubscriptionStore subscriptions = new SubscriptionStore(db);
    for (String user : List.of(opA, opB)) {
      subscriptions.add(
          new Subscription(
              0, user, null, Channel.SMS, "0900000001", Language.VI, Severity.WATCH, null, null));
    }
    Instant t0 =
        Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

    publish(gaugeA, t0, 170, 185, 186, 195, 196, 203, 204);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                open(gaugeA, FloodAlerts.Kind.LEVEL, WARD_A)
                    .filter(a -> a.severity() == Severity.CRITICAL)
                    .isPresent());
    Alert inA = open(gaugeA, FloodAlerts.Kind.LEVEL, WARD_A).orElseThrow();
    assertThat(inA.zoneId()).isEqualTo(WARD_A);
    assertThat(inA.raisedAt()).isEqualTo(t0.plusSeconds(300)); // data time, the first 185
    assertThat(open(gaugeA, FloodAlerts.Kind.LEVEL, WARD_A2)).isPresent();
    assertThat(open(gaugeA, FloodAlerts.Kind.LEVEL, WARD_B)).isEmpty();

    // The IOC views: ward A's operator sees his ward's warning, ward B's sees none of it.
    assertThat(alertIds(tokenA)).contains(inA.id());
    assertThat(alertIds(tokenB)).doesNotContain(inA.id());
    // The messages: to ward A's operator, in Vietnamese, with the level in metres.
    List<Outbox.Status> sent = new Outbox(db).forAlert(inA.id());
    assertThat(sent).extracting(Outbox.Status::username).contains(opA).doesNotContain(opB);
    assertThat(sent.get(0).body()).contains("vượt BĐ I").contains("1,85 m");
    assertThat(new Outbox(db).all()).extracting(Outbox.Status::username).doesNotContain(opB);

    // Ward A2 is taken off the station meanwhile; then the water falls back by more than the
    // hysteresis: the warnings clear, A2's too.
    feature.addStations(List.of(station(gaugeA, List.of(WARD_A))), "test");
    publish(gaugeA, t0.plusSeconds(300L * 7), 190, 178, 172, 170);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> open(gaugeA, FloodAlerts.Kind.LEVEL, WARD_A).isEmpty());
    assertThat(open(gaugeA, FloodAlerts.Kind.LEVEL, WARD_A2)).isEmpty();
  }

  private List<Long> alertIds(String token) throws Exception {
    HttpResponse<String> r = kit.get("/api/v1/alerts?limit=200", token);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonArray items = new JsonObject(r.body()).getJsonArray("items");
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).collect(Collectors.toList());
  }

  @Test
  void stationsAreListedInScopeAndOnlyCityOperatorsChangeThemAudited() throws Exception {
    String opB = kit.token("fl-list-b-" + run, Role.COMMUNE_OPERATOR, List.of(WARD_B));
    String city = kit.token("fl-city-" + run, Role.CITY_OPERATOR, List.of());
    String body =
        new JsonObject()
            .put("name", "Trạm đã sửa")
            .put("levels", new JsonObject().put("bd1", 170).put("bd2", 185).put("bd3", 195))
            .put("wards", new JsonArray().add(WARD_A))
            .encode();

    JsonArray seenByB =
        new JsonObject(kit.get("/api/v1/flood/stations", opB).body()).getJsonArray("stations");
    assertThat(seenByB.stream().map(o -> ((JsonObject) o).getString("deviceId")))
        .contains(gaugeB.id())
        .doesNotContain(gaugeA.id());
    assertThat(kit.get("/api/v1/flood/stations/" + gaugeA.id() + "/forecast", opB).statusCode())
        .isEqualTo(404);
    assertThat(kit.put("/api/v1/flood/stations/" + gaugeA.id(), opB, body).statusCode())
        .isEqualTo(403);

    HttpResponse<String> changed = kit.put("/api/v1/flood/stations/" + gaugeA.id(), city, body);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(changed.body()).getJsonObject("levels").getDouble("bd3"))
        .isEqualTo(195.0);
    // Audited off the request's path: it lands shortly after the answer.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> kit.auditedActions("fl-city-" + run).contains("flood.station.update"));
    HttpResponse<String> bad =
        kit.put(
            "/api/v1/flood/stations/" + gaugeA.id(),
            city,
            new JsonObject()
                .put("name", "x")
                .put("levels", new JsonObject().put("bd1", 200).put("bd2", 190).put("bd3", 180))
                .encode());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("BĐ I < BĐ II < BĐ III");

    JsonObject forecast =
        new JsonObject(kit.get("/api/v1/flood/stations/" + gaugeA.id() + "/forecast", city).body());
    assertThat(forecast.getValue("forecast")).isNull();
    assertThat(forecast.getString("reason")).contains("15 ngày");
  }

  /** A month of a mixed tide, stored and then published as the ingest does, batch by batch. */
  @Test
  void aReplayedMonthGivesTheSameForecastsAsTheLiveRun() throws Exception {
    Instant start =
        Instant.now().minus(Duration.ofDays(29)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    Instant end = start.plus(Duration.ofDays(28));
    List<Reading> month = new ArrayList<>();
    java.util.Random noise = new java.util.Random(5);
    for (Instant t = start; t.isBefore(end); t = t.plusSeconds(300)) {
      double s = t.getEpochSecond() - start.getEpochSecond();
      double level =
          95
              + 72 * Math.cos(Constituent.M2.radiansPerSecond() * s)
              + 24 * Math.cos(Constituent.S2.radiansPerSecond() * s + 0.4)
              + 36 * Math.cos(Constituent.K1.radiansPerSecond() * s - 0.5)
              + 21 * Math.cos(Constituent.O1.radiansPerSecond() * s - 0.2);
      month.add(
          new Reading(
              gaugeB.id(),
              "level",
              t,
              Math.round((level + noise.nextGaussian() * 0.5) * 10) / 10.0,
              Quality.GOOD,
              "test"));
    }
    new ReadingWriter(db).write(month);
    for (int i = 0; i < month.size(); i += 97) {
      kit.vertx()
          .eventBus()
          .publish(
              CommittedReadings.ADDRESS,
              new CommittedReadings(
                  month.subList(i, Math.min(month.size(), i + 97)), Instant.now()));
    }
    FloodLog log = new FloodLog(db);
    int expected = (int) (Duration.between(start.plus(Duration.ofDays(15)), end).toHours());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> log.forecasts(gaugeB.id(), start, end, 2000).size() >= expected);
    List<FloodLog.StoredForecast> live = log.forecasts(gaugeB.id(), start, end, 2000);

    // A fresh monitor replays the stored readings, as a restart or `ioc bench flood` does.
    StationStore stored = new StationStore(db);
    stored.load();
    FloodMonitor replay =
        new FloodMonitor(
            List.of(stored.find(gaugeB.id()).orElseThrow()),
            db,
            java.time.Clock.systemUTC(),
            log,
            new FloodAlerts(kit.alerts(), kit.devices()));
    List<Forecast> replayed = new ArrayList<>();
    try {
      replay.replayHistory(
          start,
          end,
          new StationMonitor.Listener() {
            @Override
            public void forecast(FloodStation s, Forecast f) {
              replayed.add(f);
            }
          });
    } finally {
      replay.close();
    }

    assertThat(live).hasSizeGreaterThanOrEqualTo(expected);
    assertThat(replayed).hasSameSizeAs(live);
    for (int i = 0; i < live.size(); i++) {
      FloodLog.StoredForecast l = live.get(i);
      Forecast r = replayed.get(i);
      assertThat(r.issuedAt()).isEqualTo(l.issuedAt());
      assertThat(r.highWaters().get(0).at()).isEqualTo(l.hw1At());
      assertThat(r.highWaters().get(0).levelCm()).isEqualTo(l.hw1Cm());
      assertThat(r.highWaters().get(1).at()).isEqualTo(l.hw2At());
    }
    // The live run warned ward B ahead of its crossing peaks, with time, height and lead time.
    List<Alert> forecastAlerts =
        kit
            .alerts()
            .list(
                new vn.cantho.ioc.core.alert.AlertStore.Query(
                    List.of(WARD_B),
                    List.of(gaugeB.id()),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    vn.cantho.ioc.core.store.CursorPaging.first(500)))
            .items()
            .stream()
            .filter(a -> FloodAlerts.Kind.of(a.rule()).orElse(null) == FloodAlerts.Kind.FORECAST)
            .toList();
    assertThat(forecastAlerts).isNotEmpty();
    Alert pre = forecastAlerts.get(0);
    try (java.sql.Connection c = db.dataSource().getConnection()) {
      vn.cantho.ioc.core.notify.Message vi =
          new vn.cantho.ioc.flood.notify.FloodNotices(stored)
              .audience(c, pre)
              .orElseThrow()
              .compose(pre, false, pre.raisedAt(), Channel.SMS, Language.VI, null);
      assertThat(vi.title()).startsWith("Dự báo triều cường");
      assertThat(vi.body())
          .contains("Dự báo đỉnh triều tại", " m lúc ", "vượt BĐ", "còn khoảng", " giờ ");
    }
    JsonObject api =
        new JsonObject(
            kit.get(
                    "/api/v1/flood/stations/" + gaugeB.id() + "/forecast",
                    kit.token("fl-viewer-" + run, Role.VIEWER, List.of()))
                .body());
    assertThat(api.getJsonObject("forecast").getJsonArray("highWaters")).hasSize(2);
    assertThat(api.getJsonObject("forecast").getDouble("expectedErrorCm")).isPositive();
  }
}
