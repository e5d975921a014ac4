package vn.cantho.ioc.lighting.control;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.core.command.CommandBatch;
import vn.cantho.ioc.core.command.CommandOrigin;
import vn.cantho.ioc.core.command.CommandRequest;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.command.CommandsBusy;
import vn.cantho.ioc.core.command.Twin;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.lighting.inventory.LightingGroups;
import vn.cantho.ioc.lighting.schedule.DimmingProfile;
import vn.cantho.ioc.lighting.schedule.LightLevel;

/**
 * Carries the schedules out: every pass, each light whose desired state (its twin) is not what its
 * schedule asks for now gets a command, one batch per profile and level. A light an operator
 * overrode, or with a command still open, is left alone; one that missed its command gets it again
 * from its twin when heard from. So a pass after a schedule change sends exactly the lights that
 * change, and a quiet pass sends nothing.
 *
 * <p>A group is sent in batches of at most {@link #MAX_BATCH} lights, and a pass stops when the
 * command queue is full: the lights left over keep their old twin and go in a later pass. Before,
 * one batch per group meant a city of 96,000 lamps (issue 17's demo) was one request larger than
 * the queue, refused whole every pass, so no lamp was ever switched.
 */
public final class ScheduleRunner {
  /** How long a light has to answer a scheduled command. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  /** The most lights in one batch: a tenth of the command queue, so a pass never fills it alone. */
  static final int MAX_BATCH = 5_000;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ScheduleRunner.class);

  private final LightingGroups groups;
  private final Schedules schedules;
  private final Overrides overrides;
  private final CommandService commands;
  private final Clock scheduleClock;
  private final Clock clock;

  public ScheduleRunner(
      LightingGroups groups,
      Schedules schedules,
      Overrides overrides,
      CommandService commands,
      Clock clock) {
    this(groups, schedules, overrides, commands, clock, clock);
  }

  /**
   * @param scheduleClock the clock schedules are read on (a benchmark's night hour)
   * @param clock the node's clock, for operators' overrides
   */
  public ScheduleRunner(
      LightingGroups groups,
      Schedules schedules,
      Overrides overrides,
      CommandService commands,
      Clock scheduleClock,
      Clock clock) {
    this.groups = groups;
    this.schedules = schedules;
    this.overrides = overrides;
    this.commands = commands;
    this.scheduleClock = scheduleClock;
    this.clock = clock;
  }

  private record Due(String profileId, LightLevel level) {}

  /** One pass; returns the batches it sent. */
  public synchronized List<CommandBatch> run() throws SQLException {
    Instant now = clock.instant();
    Instant scheduleTime = scheduleClock.instant();
    Map<Due, List<Device>> due = new LinkedHashMap<>();
    for (Device light : groups.lights()) {
      if (overrides.active(light.id(), now) || commands.hasOpenCommand(light.id())) {
        continue;
      }
      DimmingProfile profile = schedules.profileOf(light);
      LightLevel want = schedules.scheduleOf(light).levelAt(scheduleTime, light.lat(), light.lon());
      Optional<Twin> twin = commands.twins().get(light.id());
      if (twin.isPresent() && twin.get().desired().equals(desired(want))) {
        continue;
      }
      due.computeIfAbsent(new Due(profile.id(), want), k -> new ArrayList<>()).add(light);
    }
    List<CommandBatch> sent = new ArrayList<>();
    for (Map.Entry<Due, List<Device>> e : due.entrySet()) {
      LightLevel level = e.getKey().level();
      List<Device> lights = e.getValue();
      for (int from = 0; from < lights.size(); from += MAX_BATCH) {
        try {
          sent.add(
              commands.submit(
                  new CommandRequest(
                      "schedule:" + e.getKey().profileId(),
                      lights.subList(from, Math.min(lights.size(), from + MAX_BATCH)),
                      "set",
                      params(level),
                      desired(level),
                      "schedule:" + e.getKey().profileId(),
                      CommandOrigin.SCHEDULE,
                      COMMAND_TIMEOUT)));
        } catch (CommandsBusy full) {
          LOG.info("Command queue full; the lights left this pass go in a later one");
          return sent;
        }
      }
    }
    return sent;
  }

  /** The wire parameters of a level (docs/commands.md): state 0/1 and dim 0–100. */
  public static JsonObject params(LightLevel level) {
    return new JsonObject().put("state", level.on() ? 1 : 0).put("dim", level.dimPercent());
  }

  /** The twin's desired state of a level: the metrics the light reports. */
  public static Map<String, Double> desired(LightLevel level) {
    return Map.of("state", level.on() ? 1.0 : 0.0, "dim", (double) level.dimPercent());
  }
}
