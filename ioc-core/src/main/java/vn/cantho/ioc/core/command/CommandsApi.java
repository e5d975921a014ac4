package vn.cantho.ioc.core.command;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import vn.cantho.ioc.core.api.ApiExtension;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.Paging;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.core.live.LatestState;

/**
 * What the API shows of commands and twins, to whoever may read the map, within his scope. A
 * command or twin of a device he does not see is a 404, as if it did not exist. Issuing commands is
 * a feature's route (lighting's), which holds the permission its domain needs.
 */
public final class CommandsApi implements ApiExtension {
  private final CommandService commands;
  private final DeviceRegistry devices;
  private final LatestState latest;

  public CommandsApi(CommandService commands, DeviceRegistry devices, LatestState latest) {
    this.commands = commands;
    this.devices = devices;
    this.latest = latest;
  }

  @Override
  public void mount(Router router, FeatureRoutes routes) {
    WorkerExecutor worker = routes.worker();
    routes.route(
        HttpMethod.GET,
        "/api/v1/commands",
        Permission.READ_MAP,
        ctx -> answer(ctx, worker, () -> list(ctx)));
    routes.route(
        HttpMethod.GET,
        "/api/v1/commands/:id",
        Permission.READ_MAP,
        ctx -> answer(ctx, worker, () -> one(ctx)));
    routes.route(
        HttpMethod.GET,
        "/api/v1/command-batches/:id",
        Permission.READ_MAP,
        ctx -> answer(ctx, worker, () -> batch(ctx)));
    routes.route(
        HttpMethod.GET,
        "/api/v1/devices/:id/twin",
        Permission.READ_MAP,
        ctx -> answer(ctx, worker, () -> twin(ctx)));
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/core/command/openapi.json");
  }

  private JsonObject list(RoutingContext ctx) throws java.sql.SQLException {
    Caller caller = Authn.caller(ctx);
    String statusText = QueryParams.text(ctx, "status");
    CommandStatus status;
    try {
      status = statusText == null ? null : CommandStatus.fromCode(statusText);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage(), e);
    }
    List<String> owned =
        caller.role().scope() == Role.Scope.OWN
            ? devices.all().stream().filter(caller::sees).map(Device::id).toList()
            : null;
    return Paging.json(
        commands
            .store()
            .list(
                Paging.newestFirst(ctx),
                QueryParams.text(ctx, "deviceId"),
                uuid(QueryParams.text(ctx, "batchId")),
                status,
                caller.zoneScope(),
                owned),
        Command::toJson);
  }

  private JsonObject one(RoutingContext ctx) throws java.sql.SQLException {
    Caller caller = Authn.caller(ctx);
    Command c = commands.store().find(uuid(ctx.pathParam("id"))).orElseThrow(NotFound::new);
    if (!visible(caller, c.deviceId())) {
      throw new NotFound();
    }
    return c.toJson();
  }

  private JsonObject batch(RoutingContext ctx) throws java.sql.SQLException {
    Caller caller = Authn.caller(ctx);
    UUID id = uuid(ctx.pathParam("id"));
    CommandBatch b = commands.store().batch(id).orElseThrow(NotFound::new);
    if (!caller.role().seesWholeCity()) {
      List<String> zones = commands.store().batchZones(id);
      if (!zones.stream().allMatch(caller::seesZone)) {
        throw new NotFound();
      }
    }
    return b.toJson();
  }

  private JsonObject twin(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    String deviceId = ctx.pathParam("id");
    if (!visible(caller, deviceId)) {
      throw new NotFound();
    }
    Twin twin = commands.twins().get(deviceId).orElseThrow(NotFound::new);
    return DeviceTwins.toJson(
        twin, latest.values(deviceId), commands.twins().status(deviceId).orElse(null));
  }

  private boolean visible(Caller caller, String deviceId) {
    Optional<Device> device = devices.find(deviceId);
    return device.isPresent() && caller.sees(device.get());
  }

  private static UUID uuid(String text) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("not a command or batch id: " + text, e);
    }
  }

  /**
   * Answers a feature's command request: 202 with the batch's JSON once submitted, 503 when the
   * command queue is full ({@link CommandsBusy}), else the failure as every route maps it.
   */
  public static void accepted(RoutingContext ctx, io.vertx.core.Future<JsonObject> submitted) {
    submitted
        .onSuccess(body -> Responses.json(ctx, 202, body.encode()))
        .onFailure(
            e -> {
              if (e instanceof CommandsBusy) {
                Responses.error(ctx, 503, "busy", e.getMessage());
              } else {
                Responses.failure(ctx, e);
              }
            });
  }

  private static void answer(RoutingContext ctx, WorkerExecutor worker, Callable<JsonObject> work) {
    worker
        .executeBlocking(work, false)
        .onSuccess(body -> Responses.ok(ctx, body))
        .onFailure(
            e -> {
              if (e instanceof NotFound) {
                Responses.error(ctx, 404, "not_found", "no such command, batch or twin");
              } else {
                Responses.failure(ctx, e);
              }
            });
  }

  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
