package vn.cantho.ioc.lighting.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.JsonBodies;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.command.CommandBatch;
import vn.cantho.ioc.core.command.CommandOrigin;
import vn.cantho.ioc.core.command.CommandRequest;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.command.CommandsApi;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.LightingPermissions;
import vn.cantho.ioc.lighting.control.LampEnergy;
import vn.cantho.ioc.lighting.control.Overrides;
import vn.cantho.ioc.lighting.control.ProfileJson;
import vn.cantho.ioc.lighting.control.ScheduleRunner;
import vn.cantho.ioc.lighting.control.Schedules;
import vn.cantho.ioc.lighting.energy.SavingReport;
import vn.cantho.ioc.lighting.energy.Tariff;
import vn.cantho.ioc.lighting.inventory.LightingGroups;
import vn.cantho.ioc.lighting.schedule.CalendarRule;
import vn.cantho.ioc.lighting.schedule.DimmingProfile;
import vn.cantho.ioc.lighting.schedule.LightLevel;

/**
 * Lighting's routes: commands to a light or a group (lighting.command: maintenance, city and
 * commune operators, the latter only inside their zones), schedules and profiles
 * (lighting.schedules.manage), energy and saving (read-map, within the caller's scope).
 */
public final class LightingApi {
  /** How long an operator's command keeps the schedule away from a light, by default. */
  static final Duration DEFAULT_OVERRIDE = Duration.ofHours(4);

  static final Duration MAX_OVERRIDE = Duration.ofHours(24);

  private final LightingGroups groups;
  private final Schedules schedules;
  private final Overrides overrides;
  private final ScheduleRunner runner;
  private final LampEnergy energy;
  private final CommandService commands;
  private final Tariff tariff;
  private final Clock clock;

  public LightingApi(
      LightingGroups groups,
      Schedules schedules,
      Overrides overrides,
      ScheduleRunner runner,
      LampEnergy energy,
      CommandService commands,
      Tariff tariff,
      Clock clock) {
    this.groups = groups;
    this.schedules = schedules;
    this.overrides = overrides;
    this.runner = runner;
    this.energy = energy;
    this.commands = commands;
    this.tariff = tariff;
    this.clock = clock;
  }

  public void mount(FeatureRoutes routes) {
    WorkerExecutor worker = routes.worker();
    Authn authn = routes.authn();
    routes.route(
        HttpMethod.POST,
        "/api/v1/lighting/commands",
        LightingPermissions.COMMAND,
        ctx -> command(ctx, worker, authn));
    routes.route(
        HttpMethod.GET,
        "/api/v1/lighting/schedules",
        Permission.READ_MAP,
        ctx -> Responses.okFromWorker(ctx, worker, this::schedulesJson));
    routes.post(
        "/api/v1/lighting/profiles",
        LightingPermissions.SCHEDULES,
        r -> {
          String id = JsonBodies.text(r.body(), "id");
          if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new BadRequest("profile id must be 1-64 of a-z 0-9 -");
          }
          DimmingProfile p;
          try {
            p = ProfileJson.fromJson(id, r.body());
            schedules.saveProfile(p, r.caller().username(), clock.instant());
          } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage(), e);
          }
          authn.record(r.caller().username(), "lighting.profile.save", "profile:" + id, null);
          return ProfileJson.toJson(p);
        });
    routes.post(
        "/api/v1/lighting/schedules/assignments",
        LightingPermissions.SCHEDULES,
        r -> {
          LightingGroups.Target target = target(JsonBodies.text(r.body(), "target"));
          String profile = JsonBodies.text(r.body(), "profile");
          try {
            schedules.assign(target, profile, r.caller().username(), clock.instant());
          } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage(), e);
          }
          authn.record(
              r.caller().username(),
              "lighting.schedule.assign",
              target.label() + " " + profile,
              null);
          // Carried out at once: the lights that change get their commands now.
          List<CommandBatch> sent = runner.run();
          JsonArray batches = new JsonArray();
          sent.forEach(b -> batches.add(b.toJson()));
          return new JsonObject()
              .put("target", target.label())
              .put("profile", profile)
              .put("batches", batches);
        });
    routes.route(
        HttpMethod.GET,
        "/api/v1/lighting/energy",
        Permission.READ_MAP,
        ctx -> Responses.okFromWorker(ctx, worker, () -> energyJson(ctx)));
  }

  private void command(RoutingContext ctx, WorkerExecutor worker, Authn authn) {
    Caller caller = Authn.caller(ctx);
    JsonObject body = JsonBodies.object(ctx);
    LightingGroups.Target target;
    LightLevel level;
    Duration keep;
    try {
      target = target(JsonBodies.text(body, "target"));
      level = level(body);
      long minutes = body.getLong("overrideMinutes", DEFAULT_OVERRIDE.toMinutes());
      if (minutes < 0 || minutes > MAX_OVERRIDE.toMinutes()) {
        throw new BadRequest("overrideMinutes must be 0 to " + MAX_OVERRIDE.toMinutes());
      }
      keep = Duration.ofMinutes(minutes);
    } catch (BadRequest e) {
      Responses.failure(ctx, e);
      return;
    } catch (ClassCastException e) {
      Responses.failure(ctx, new BadRequest("overrideMinutes must be a whole number", e));
      return;
    }
    List<Device> lights = groups.resolve(target);
    if (lights.isEmpty() || lights.stream().noneMatch(caller::sees)) {
      Responses.error(ctx, 404, "not_found", "no light in " + target.label());
      return;
    }
    if (!lights.stream().allMatch(caller::sees)) {
      authn.deny(ctx, 403, "forbidden", target.label() + " reaches lights outside your zones");
      return;
    }
    CommandsApi.accepted(
        ctx,
        worker
            .executeBlocking(
                () -> {
                  // Sent first: a refused request (503) must not keep the lights off their
                  // schedule.
                  CommandBatch batch =
                      commands.submit(
                          new CommandRequest(
                              target.label(),
                              lights,
                              "set",
                              ScheduleRunner.params(level),
                              ScheduleRunner.desired(level),
                              caller.username(),
                              CommandOrigin.OPERATOR,
                              ScheduleRunner.COMMAND_TIMEOUT));
                  overrides.set(lights, clock.instant().plus(keep), caller.username());
                  return batch;
                },
                false)
            .map(
                batch ->
                    batch.toJson().put("overrideUntil", clock.instant().plus(keep).toString())));
  }

  private static LightingGroups.Target target(String text) {
    try {
      return LightingGroups.Target.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage(), e);
    }
  }

  /** {@code state} 0 or 1, {@code dim} 1–100 when on (100 if left out). */
  private static LightLevel level(JsonObject body) {
    Object state = body.getValue("state");
    if (!(state instanceof Integer) || ((Integer) state != 0 && (Integer) state != 1)) {
      throw new BadRequest("state must be 0 or 1");
    }
    if ((Integer) state == 0) {
      return LightLevel.OFF;
    }
    Object dim = body.getValue("dim", 100);
    if (!(dim instanceof Integer) || (Integer) dim < 1 || (Integer) dim > 100) {
      throw new BadRequest("dim must be a whole number from 1 to 100");
    }
    return LightLevel.of((Integer) dim);
  }

  private JsonObject schedulesJson() {
    JsonArray profiles = new JsonArray();
    schedules.profiles().values().stream()
        .sorted(java.util.Comparator.comparing(DimmingProfile::id))
        .forEach(p -> profiles.add(ProfileJson.toJson(p)));
    JsonObject assignments = new JsonObject();
    for (Map.Entry<String, String> e : schedules.assignments().entrySet()) {
      assignments.put(e.getKey(), e.getValue());
    }
    JsonArray calendar = new JsonArray();
    for (CalendarRule rule :
        vn.cantho.ioc.lighting.schedule.LightingCalendar.VIETNAM_DEFAULT.rules()) {
      calendar.add(new JsonObject().put("name", rule.label()).put("profile", rule.profile().id()));
    }
    return new JsonObject()
        .put("defaultProfile", DimmingProfile.DEFAULT.id())
        .put("profiles", profiles)
        .put("assignments", assignments)
        .put("calendar", calendar);
  }

  private JsonObject energyJson(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    LightingGroups.Target target =
        target(
            QueryParams.text(ctx, "target") == null ? "city:all" : QueryParams.text(ctx, "target"));
    LocalDate today = CanThoTime.localDate(clock.instant());
    LocalDate from = date(QueryParams.text(ctx, "from"), today);
    LocalDate to = date(QueryParams.text(ctx, "to"), today);
    if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
      throw new BadRequest("from must be before to, at most a year apart");
    }
    List<Device> lights = groups.resolve(target).stream().filter(caller::sees).toList();
    SavingReport r = energy.saving(lights, from, to, tariff);
    return new JsonObject()
        .put("target", target.label())
        .put("lights", lights.size())
        .put("from", from.toString())
        .put("to", to.toString())
        .put("actualKwh", r.actualKwh())
        .put("baselineKwh", r.baselineKwh())
        .put("savedKwh", r.savedKwh())
        .put("savedPercent", r.savedPercent())
        .put("tariffVndPerKwh", tariff == null ? null : tariff.vndPerKwh())
        .put("savedVnd", r.savedVnd());
  }

  private static LocalDate date(String text, LocalDate fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequest("not a date (YYYY-MM-DD): " + text, e);
    }
  }
}
