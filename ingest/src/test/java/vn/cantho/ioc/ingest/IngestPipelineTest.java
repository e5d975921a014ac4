package vn.cantho.ioc.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.Rejected;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.PartitionMaintainer;
import vn.cantho.ioc.core.store.PostgresExtension;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.ReadingWriter;

/** The pipeline against a real PostgreSQL: what is stored, what is quarantined, and why. */
@ExtendWith(PostgresExtension.class)
class IngestPipelineTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private static Database database;
  private static Vertx vertx;
  private static IngestPipeline pipeline;
  private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** A feature's metrics as this test needs them (the water feature's own are in its module). */
  private static final List<Metric> WATER_METRICS =
      List.of(
          new Metric(Domain.of("water"), "do", "mg/L", 0, 30, "Oxy hòa tan", "Dissolved oxygen"),
          new Metric(Domain.of("water"), "ph", "[pH]", 0, 14, "pH", "pH"),
          new Metric(
              Domain.of("water"), "temp", "Cel", -5, 50, "Nhiệt độ nước", "Water temperature"),
          new Metric(Domain.of("water"), "tan", "mg/L", 0, 100, "Tổng amoni", "Total ammonia"),
          new Metric(Domain.of("water"), "tan_tenth", "mg/L", 0, 10, "Một phần mười", "A tenth"));

  /** A derived step as a feature brings one: here a tenth of every tan reading. */
  private static List<Reading> tenthOfTan(List<Reading> accepted) {
    return accepted.stream()
        .filter(r -> r.metric().equals("tan"))
        .map(
            r ->
                new Reading(
                    r.deviceId(), "tan_tenth", r.ts(), r.value() / 10, r.quality(), r.source()))
        .toList();
  }

  @BeforeAll
  static void start(Database db) {
    database = db;
    new PartitionMaintainer(db).maintain(LocalDate.ofInstant(NOW, ZoneOffset.UTC));
    DeviceRegistry registry = new DeviceRegistry();
    registry.put(
        new Device("wq-p1", Domain.of("water"), "shrimp_pond", "Ao 1", 105.7, 10.0, "31135", 15));
    registry.put(
        new Device("wq-p2", Domain.of("water"), "shrimp_pond", "Ao 2", 105.7, 10.0, "31135", 15));
    registry.put(
        new Device("wq-p3", Domain.of("water"), "shrimp_pond", "Ao 3", 105.7, 10.0, "31135", 15));
    vertx = Vertx.vertx();
    pipeline =
        new IngestPipeline(
            vertx,
            registry,
            MetricCatalog.defaults().plus(WATER_METRICS),
            List.of(IngestPipelineTest::tenthOfTan),
            new ReadingWriter(db),
            new QuarantineStore(db),
            IngestConfig.defaults(),
            Clock.systemUTC(),
            meters);
  }

  @AfterAll
  static void stop() {
    pipeline.close();
    vertx.close();
  }

  @Test
  void invalidReadingsAreQuarantinedWithTheirReasonAndTheValidOnesStored() throws Exception {
    awaitCommitted(
        pipeline.submit(
            List.of(
                reading("wq-p1", "do", NOW, 5.5),
                reading("wq-nobody", "do", NOW, 5.5),
                reading("wq-p1", "flow", NOW, 10),
                reading("wq-p1", "ph", NOW, Double.NaN),
                reading("wq-p1", "ph", NOW.plusSeconds(1), 15),
                reading("wq-p1", "temp", NOW.plusSeconds(3600), 28))));
    assertThat(stored("wq-p1")).contains("do").doesNotContain("flow", "ph", "temp");
    assertThat(quarantineReasons())
        .contains(
            "unknown device",
            "unknown metric 'flow' for a water device",
            "value is not a finite number",
            "value 15.0 out of physical range [0.0, 14.0] [pH]",
            "timestamp more than 5 minutes in the future");
    assertThat(
            meters
                .counter("ioc.ingest.quarantined", "reason", "out_of_range", "source", "test")
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            meters
                .counter("ioc.ingest.quarantined", "reason", "unknown_device", "source", "test")
                .count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void hostileTextInARejectionNeitherFailsTheQuarantineNorStopsTheFlow() throws Exception {
    Rejected nul =
        new Rejected(
            "mqtt",
            "cantho/v1/water/wq-p2/up",
            "wq-p2",
            "value of 'a\u0000' is not a number",
            "{\"a\\u0000\":1}".getBytes(StandardCharsets.UTF_8),
            NOW);
    awaitCommitted(pipeline.reject(nul));
    awaitCommitted(pipeline.submit(List.of(reading("wq-p2", "do", NOW, 4.0))));
    assertThat(stored("wq-p2")).contains("do");
    assertThat(quarantineReasons()).contains("value of 'a\uFFFD' is not a number");
  }

  @Test
  void aFeaturesDerivedReadingsAreStoredWithTheirBatch() throws Exception {
    Instant ts = NOW.minusSeconds(7);
    awaitCommitted(
        pipeline.submit(
            List.of(
                reading("wq-p3", "tan", ts, 1.0),
                reading("wq-p3", "ph", ts, 8.5),
                reading("wq-p3", "temp", ts, 30.0))));
    assertThat(stored("wq-p3")).contains("tan", "ph", "temp", "tan_tenth");
    assertThat(pipeline.stats().derived()).isPositive();
  }

  @Test
  void aReadingTheDatabaseRefusesIsQuarantinedAndTheRestOfItsBatchStored() throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // Stands in for any constraint a reading could break that validation did not foresee.
      s.execute("ALTER TABLE readings_raw ADD CONSTRAINT test_refuse_666 CHECK (value <> 6.66)");
    }
    try {
      List<Future<Void>> commits = new ArrayList<>();
      commits.add(pipeline.submit(List.of(reading("wq-p2", "tan", NOW, 6.66))));
      commits.add(pipeline.submit(List.of(reading("wq-p2", "temp", NOW, 29.5))));
      for (Future<Void> f : commits) {
        awaitCommitted(f);
      }
      assertThat(stored("wq-p2")).contains("temp").doesNotContain("tan");
      assertThat(quarantineReasons())
          .anyMatch(
              r -> r.startsWith("database refused the reading") && r.contains("test_refuse_666"));
    } finally {
      try (Connection c = database.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE readings_raw DROP CONSTRAINT test_refuse_666");
      }
    }
  }

  @Test
  void aBugInTheCommitFailsItsBatchAndTheWriterGoesOn() throws Exception {
    DeviceRegistry registry = new DeviceRegistry();
    registry.put(
        new Device("wq-bug", Domain.of("water"), "shrimp_pond", "Ao", 105.7, 10.0, "31135", 15));
    AtomicBoolean buggy = new AtomicBoolean(true);
    ReadingWriter.InCommit failsOnce =
        (c, readings) -> {
          if (buggy.getAndSet(false)) {
            throw new IllegalStateException("a bug in a commit hook");
          }
        };
    IngestConfig config = IngestConfig.defaults();
    try (IngestPipeline withABug =
        new IngestPipeline(
            vertx,
            registry,
            MetricCatalog.defaults().plus(WATER_METRICS),
            List.of(),
            new ReadingWriter(database, failsOnce),
            new QuarantineStore(database),
            config,
            Clock.systemUTC(),
            new SimpleMeterRegistry())) {
      Throwable failure =
          withABug
              .submit(List.of(reading("wq-bug", "do", NOW, 4.0)))
              .toCompletionStage()
              .toCompletableFuture()
              .handle((v, e) -> e)
              .get(20, TimeUnit.SECONDS);
      assertThat(failure).hasMessageContaining("not committed");
      assertThat(stored("wq-bug")).isEmpty();

      // Its capacity came back and the writer still runs: a full queue's worth goes through.
      List<Reading> full = new ArrayList<>();
      for (int i = 0; i < config.queueCapacity(); i++) {
        full.add(reading("wq-bug", "ph", NOW.minusMillis(i), 7.0));
      }
      // Off this thread: capacity lost to the failed batch would block the submit for good.
      Future<Void> all =
          CompletableFuture.supplyAsync(() -> withABug.submit(full)).get(20, TimeUnit.SECONDS);
      awaitCommitted(all);
      assertThat(stored("wq-bug")).hasSize(config.queueCapacity());
    }
  }

  @Test
  void submittingFromAnEventLoopIsRefusedInsteadOfBlockingIt() throws Exception {
    Future<Void> result =
        vertx
            .executeBlocking(() -> null, false)
            .compose(
                v -> {
                  io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
                  vertx.runOnContext(
                      x -> pipeline.submit(List.of(reading("wq-p1", "do", NOW, 1))).onComplete(p));
                  return p.future();
                });
    Throwable failure =
        result
            .toCompletionStage()
            .toCompletableFuture()
            .handle((v, e) -> e)
            .get(10, TimeUnit.SECONDS);
    assertThat(failure).hasMessageContaining("off the event loop");
  }

  private static void awaitCommitted(Future<Void> f) throws Exception {
    f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static Reading reading(String device, String metric, Instant ts, double value) {
    return new Reading(device, metric, ts, value, Quality.GOOD, "test");
  }

  private static List<String> stored(String device) throws Exception {
    List<String> metrics = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT metric FROM readings WHERE device_id = ? ORDER BY metric")) {
      ps.setString(1, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          metrics.add(rs.getString(1));
        }
      }
    }
    return metrics;
  }

  private static List<String> quarantineReasons() throws Exception {
    List<String> reasons = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery("SELECT reason FROM quarantine")) {
      while (rs.next()) {
        reasons.add(rs.getString(1));
      }
    }
    return reasons;
  }
}
