package vn.cantho.ioc.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.command.CommandBatch;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.feature.DemoSeed;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.lighting.LightingFeature;
import vn.cantho.ioc.lighting.inventory.LightingGroups;
import vn.cantho.ioc.lighting.schedule.DimmingProfile;
import vn.cantho.ioc.sim.CommandBehaviour;
import vn.cantho.ioc.sim.FleetConfig;
import vn.cantho.ioc.sim.FleetSize;
import vn.cantho.ioc.sim.RegistryFile;
import vn.cantho.ioc.sim.RegistryGenerator;
import vn.cantho.ioc.sim.SimDevice;
import vn.cantho.ioc.sim.SimulatorFleet;
import vn.cantho.ioc.sim.lighting.LightingFaultPlan;

/**
 * {@code ioc bench lighting} (issue 15): one JSON line.
 *
 * <ol>
 *   <li>Live: a node with the lighting feature, the embedded broker and 2,000 simulated lamps over
 *       MQTT (a small share answer late or never). The schedule brings every lamp to its evening
 *       level; then a new profile is assigned to the whole city, and the bench measures how many
 *       lamps report the new level within 60 s ({@code schedule_reach_60s}), each command's time
 *       from issue to the lamp's acknowledgement ({@code command_p99_ms}), and that every command
 *       ends (none pending). Schedules are read at a night hour so the run is the same at any time
 *       of day.
 *   <li>Simulated weeks, in data time: the same lamps without faults (false faults, energy saving)
 *       and with planned faults (recall per kind, detection delay), through the detector the node
 *       runs.
 * </ol>
 */
final class LightingBench {
  private static final Logger LOG = LoggerFactory.getLogger(LightingBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLISHER = "bench-lamps";
  private static final Duration REACH = Duration.ofSeconds(60);
  private static final int LANES = 50;
  private static final double NEVER_ANSWER_SHARE = 0.0025;
  private static final double LATE_ANSWER_SHARE = 0.0025;

  /** A profile no lamp starts at, so the change moves all of them. */
  private static final DimmingProfile CHANGED =
      new DimmingProfile("bench-60", "Bench: 60 % all night", 10, -10, 60, List.of());

  private final int lamps;
  private final int days;
  private final long seed;
  private final double faultShare;
  private final Path truth;

  LightingBench(int lamps, int days, long seed, double faultShare, Path truth) {
    this.lamps = lamps;
    this.days = days;
    this.seed = seed;
    this.faultShare = faultShare;
    this.truth = truth;
  }

  String run(Path data) throws Exception {
    List<SimDevice> devices =
        new RegistryGenerator(DemoZones.load(), seed)
            .generate(new FleetSize(0, 0, lamps))
            .devices();
    ObjectNode out = JSON.createObjectNode();
    out.put("bench", "lighting");
    out.put("lamps", lamps);
    out.put("seed", seed);
    live(data, devices, out);

    LocalDate today = LocalDate.now(CanThoTime.ZONE);
    Instant start = CanThoTime.instant(today.minusDays(days), LocalTime.MIDNIGHT);
    LightingWeekScore week = new LightingWeekScore(devices, start, days);
    long t0 = System.nanoTime();
    week.faultFree(out);
    LightingFaultPlan plan =
        LightingFaultPlan.generate(
            seed,
            devices.stream().map(SimDevice::id).toList(),
            start,
            start.plus(Duration.ofDays(days)),
            faultShare);
    if (truth != null) {
      plan.writeGroundTruth(truth);
    }
    week.withFaults(out, plan);
    out.put("days", days);
    out.put("week_seconds", Math.round((System.nanoTime() - t0) / 1e9));
    return out.toString();
  }

  private void live(Path data, List<SimDevice> devices, ObjectNode out) throws Exception {
    Path registry = data.resolve("bench-lamps.json");
    RegistryFile.write(registry, devices);
    // 22:30 tonight in Can Tho, running on: the default profile is at 100 % then.
    Instant night = CanThoTime.instant(LocalDate.now(CanThoTime.ZONE), LocalTime.of(22, 30));
    Clock scheduleClock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), night));
    LightingFeature lighting = new LightingFeature(scheduleClock);
    int brokerPort = DemoStack.freePort();
    try (DemoStack stack =
        DemoStack.start(
            data,
            "127.0.0.1",
            0,
            false,
            registry,
            (home, auth) -> EmbeddedBroker.start(home, brokerPort, auth),
            List.of(lighting))) {
      stack.server().seedDemo(new DemoSeed(Map.of(), DemoPhone.NUMBER, registry));
      String secret =
          stack.credentials().issue(PUBLISHER, DeviceGrant.Kind.GATEWAY, List.of(), true);
      // Half a percent of the lamps misbehave: 0.25 % never answer, 0.25 % answer after 90 s.
      CommandBehaviour behaviour =
          CommandBehaviour.defaults()
              .withSeed(seed)
              .withShares(NEVER_ANSWER_SHARE, LATE_ANSWER_SHARE);
      try (SimulatorFleet fleet =
          new SimulatorFleet(
              FleetConfig.defaults(stack.mqttUri())
                  .withCredentials(PUBLISHER, secret.toCharArray())
                  // Each lane answers its lamps' commands one after another; 50 lanes of 40
                  // lamps keep that queue short, as independent lamps would be.
                  .withConnections(LANES)
                  .withCommands(behaviour),
              devices)) {
        fleet.start();
        awaitTrue(() -> fleet.commandSubscriptions() >= devices.size(), "lamps subscribed");
        CommandService commands = stack.server().commands();

        // The evening: every lamp to the default profile's level; wait until all have ended.
        List<CommandBatch> evening = lighting.runner().run();
        awaitTrue(() -> commands.openCount() == 0, "evening commands ended");

        // The change: a new profile for the whole city, carried out at once.
        Map<String, Instant> reached = new ConcurrentHashMap<>();
        MessageConsumer<CommittedReadings> watch =
            stack
                .server()
                .vertx()
                .eventBus()
                .consumer(
                    CommittedReadings.ADDRESS,
                    m -> {
                      Instant now = Instant.now();
                      for (Reading r : m.body().readings()) {
                        if (r.metric().equals("dim")
                            && Math.abs(r.value() - CHANGED.onPercent()) < 0.5) {
                          reached.putIfAbsent(r.deviceId(), now);
                        }
                      }
                    });
        lighting.schedules().saveProfile(CHANGED, "bench", Instant.now());
        Instant changedAt = Instant.now();
        lighting
            .schedules()
            .assign(
                new LightingGroups.Target(LightingGroups.Kind.CITY, "all"),
                CHANGED.id(),
                "bench",
                changedAt);
        List<CommandBatch> change = lighting.runner().run();
        int sent = change.stream().mapToInt(CommandBatch::total).sum();
        awaitTrue(() -> commands.openCount() == 0, "changed commands ended");
        // Their end states are written in batches: wait until the database shows them all.
        awaitTrue(
            () -> change.stream().allMatch(b -> storedOpen(commands, b) == 0),
            "changed commands stored");
        watch.unregister();
        long inTime =
            reached.values().stream().filter(t -> !t.isAfter(changedAt.plus(REACH))).count();
        out.put("evening_commands", evening.stream().mapToInt(CommandBatch::total).sum());
        out.put("schedule_change_commands", sent);
        out.put("schedule_reach_60s", LightingWeekScore.round((double) inTime / devices.size(), 4));
        // The ceiling of the reach: the lamps that answer at all within the minute.
        long prompt =
            devices.stream()
                .filter(d -> behaviour.answerOf(d.id()) == CommandBehaviour.Answer.PROMPTLY)
                .count();
        double ceiling = (double) prompt / devices.size();
        out.put("reach_ceiling", LightingWeekScore.round(ceiling, 4));
        out.put(
            "reach_ratio_to_ceiling",
            LightingWeekScore.round((double) inTime / devices.size() / ceiling, 4));
        out.put(
            "lamps_never_answering",
            devices.stream()
                .filter(d -> behaviour.answerOf(d.id()) == CommandBehaviour.Answer.NEVER)
                .count());
        out.put(
            "lamps_answering_late",
            devices.stream()
                .filter(d -> behaviour.answerOf(d.id()) == CommandBehaviour.Answer.LATE)
                .count());
        commandFigures(stack, change.stream().map(CommandBatch::batchId).toList(), out);
      }
    }
  }

  private static int storedOpen(CommandService commands, CommandBatch batch) {
    try {
      return commands.store().batch(batch.batchId()).orElseThrow().open();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Statuses of the change's commands and the acknowledged ones' issue-to-answer times. */
  private static void commandFigures(DemoStack stack, List<UUID> batches, ObjectNode out)
      throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE status = 'acknowledged'),"
                    + " count(*) FILTER (WHERE status = 'timed_out'),"
                    + " count(*) FILTER (WHERE status IN ('pending', 'sent')),"
                    + " count(*) FILTER (WHERE status IN ('rejected', 'failed')),"
                    + " percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ended_at"
                    + " - created_at) * 1000) FILTER (WHERE status = 'acknowledged'),"
                    + " percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ended_at"
                    + " - created_at) * 1000) FILTER (WHERE status = 'acknowledged')"
                    + " FROM commands WHERE batch_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("uuid", batches.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out.put("commands_acknowledged", rs.getLong(1));
        out.put("commands_timed_out", rs.getLong(2));
        out.put("commands_left_pending", rs.getLong(3));
        out.put("commands_rejected_or_failed", rs.getLong(4));
        out.put("command_p50_ms", Math.round(rs.getDouble(5)));
        out.put("command_p99_ms", Math.round(rs.getDouble(6)));
      }
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("bench: gave up waiting for " + what);
      }
      Thread.sleep(100); // polling a count in a benchmark driver, not a test
    }
    LOG.info("bench: {}", what);
  }
}
