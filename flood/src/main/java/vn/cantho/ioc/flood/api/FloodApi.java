package vn.cantho.ioc.flood.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.FeatureRoutes;
import vn.cantho.ioc.flood.FloodPermissions;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.forecast.HighWater;
import vn.cantho.ioc.flood.forecast.TideForecaster;
import vn.cantho.ioc.flood.monitor.FloodLog;
import vn.cantho.ioc.flood.monitor.FloodMonitor;
import vn.cantho.ioc.flood.monitor.StationMonitor;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.station.StationFile;
import vn.cantho.ioc.flood.station.StationStore;

/**
 * The flood feature's routes (docs/flood.md "API"): stations with their levels and state, the
 * forecast of each, the forecasts issued, a station's settings (flood.stations.manage) and commands
 * to its pumps and gate (flood.control). A caller sees a station that stands in his zones or
 * protects one of them.
 */
public final class FloodApi {
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StationStore stations;
  private final FloodMonitor monitor;
  private final FloodLog log;
  private final DeviceRegistry devices;
  private final CommandService commands;
  private final Clock clock;

  public FloodApi(
      StationStore stations,
      FloodMonitor monitor,
      FloodLog log,
      DeviceRegistry devices,
      CommandService commands,
      Clock clock) {
    this.stations = stations;
    this.monitor = monitor;
    this.log = log;
    this.devices = devices;
    this.commands = commands;
    this.clock = clock;
  }

  public void mount(FeatureRoutes routes) {
    WorkerExecutor worker = routes.worker();
    Authn authn = routes.authn();
    routes.route(
        HttpMethod.GET,
        "/api/v1/flood/stations",
        Permission.READ_MAP,
        ctx -> Responses.okFromWorker(ctx, worker, () -> list(Authn.caller(ctx))));
    routes.route(
        HttpMethod.GET,
        "/api/v1/flood/stations/:id/forecast",
        Permission.READ_MAP,
        ctx ->
            visible(ctx, authn)
                .ifPresent(s -> Responses.okFromWorker(ctx, worker, () -> forecast(s))));
    routes.route(
        HttpMethod.GET,
        "/api/v1/flood/stations/:id/forecasts",
        Permission.READ_MAP,
        ctx ->
            visible(ctx, authn)
                .ifPresent(s -> Responses.okFromWorker(ctx, worker, () -> history(ctx, s))));
    routes.route(
        HttpMethod.PUT,
        "/api/v1/flood/stations/:id",
        FloodPermissions.STATIONS,
        ctx -> Responses.okFromWorker(ctx, worker, () -> update(ctx, authn)));
    routes.route(
        HttpMethod.POST,
        "/api/v1/flood/stations/:id/commands",
        FloodPermissions.CONTROL,
        ctx -> command(ctx, worker, authn));
  }

  /** The station named in the path if the caller may see it; else answered 404 and empty. */
  private Optional<FloodStation> visible(RoutingContext ctx, Authn authn) {
    Optional<FloodStation> s = stations.find(ctx.pathParam("id"));
    if (s.isEmpty() || !sees(Authn.caller(ctx), s.get())) {
      authn.hidden(ctx, "no flood station " + ctx.pathParam("id"));
      return Optional.empty();
    }
    return s;
  }

  private boolean sees(Caller caller, FloodStation s) {
    return devices.find(s.deviceId()).map(caller::sees).orElse(false)
        || s.wards().stream().anyMatch(caller::seesZone);
  }

  private JsonObject list(Caller caller) {
    JsonArray out = new JsonArray();
    for (FloodStation s : stations.all()) {
      if (sees(caller, s)) {
        out.add(stationJson(s));
      }
    }
    return new JsonObject().put("stations", out);
  }

  private JsonObject stationJson(FloodStation s) {
    AlarmLevels l = s.levels();
    JsonObject json =
        new JsonObject()
            .put("deviceId", s.deviceId())
            .put("name", s.name())
            .put("levelMetric", s.levelMetric())
            .put("datum", "Hòn Dấu")
            .put(
                "levels",
                new JsonObject().put("bd1", l.bd1Cm()).put("bd2", l.bd2Cm()).put("bd3", l.bd3Cm()))
            .put("hysteresisCm", s.hysteresisCm())
            .put("confirmSamples", s.confirmSamples())
            .put("riseCmPerHour", s.riseCmPerHour())
            .put("wards", new JsonArray(s.wards()));
    devices
        .find(s.deviceId())
        .ifPresent(d -> json.put("lon", d.lon()).put("lat", d.lat()).put("zoneId", d.zoneId()));
    StationMonitor m = monitor.monitor(s.deviceId());
    if (m != null && m.lastReading() != null) {
      int alarm = m.alarm();
      json.put("levelCm", m.lastValue())
          .put("at", m.lastReading().toString())
          .put("alarm", alarm)
          .put("alarmLabel", alarm == 0 ? null : AlarmLevels.label(alarm))
          .put("rapidRise", m.rising());
      Forecast f = m.latest();
      if (f != null) {
        json.put("nextHighWater", highWaterJson(f.highWaters().get(0), l));
      }
    }
    return json;
  }

  private JsonObject forecast(FloodStation s) {
    StationMonitor m = monitor.monitor(s.deviceId());
    Forecast f = m == null ? null : m.latest();
    JsonObject json = new JsonObject().put("deviceId", s.deviceId()).put("name", s.name());
    if (f == null) {
      return json.put("forecast", (Object) null)
          .put(
              "reason",
              "Chưa đủ "
                  + TideForecaster.MIN_HISTORY.toDays()
                  + " ngày số liệu mực nước để phân tích điều hòa");
    }
    JsonArray hws = new JsonArray();
    f.highWaters().forEach(hw -> hws.add(highWaterJson(hw, s.levels())));
    return json.put(
        "forecast",
        new JsonObject()
            .put("issuedAt", f.issuedAt().toString())
            .put("method", Forecast.METHOD)
            .put("highWaters", hws)
            .put("expectedErrorCm", round1(f.expectedErrorCm()))
            .put(
                "expectedTimingErrorMin",
                f.expectedTimingErrorMin() == null ? null : Math.round(f.expectedTimingErrorMin()))
            .put("errorFrom", f.verified() > 0 ? "verified" : "fit")
            .put("verified", f.verified())
            .put("surgeCm", round1(f.surgeCm()))
            .put("samples", f.samples()));
  }

  private static JsonObject highWaterJson(HighWater hw, AlarmLevels levels) {
    int k = levels.reachedBy(hw.levelCm());
    return new JsonObject()
        .put("at", hw.at().toString())
        .put("levelCm", round1(hw.levelCm()))
        .put("alarm", k)
        .put("alarmLabel", k == 0 ? null : AlarmLevels.label(k));
  }

  private JsonObject history(RoutingContext ctx, FloodStation s) throws Exception {
    Instant to = QueryParams.instant(ctx, "to", clock.instant());
    Instant from = QueryParams.instant(ctx, "from", to.minus(Duration.ofDays(1)));
    int limit = QueryParams.intInRange(ctx, "limit", 200, 1, 2000);
    if (!from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    JsonArray out = new JsonArray();
    for (FloodLog.StoredForecast f : log.forecasts(s.deviceId(), from, to, limit)) {
      out.add(
          new JsonObject()
              .put("issuedAt", f.issuedAt().toString())
              .put("hw1At", f.hw1At().toString())
              .put("hw1Cm", round1(f.hw1Cm()))
              .put("hw2At", f.hw2At() == null ? null : f.hw2At().toString())
              .put("hw2Cm", f.hw2Cm() == null ? null : round1(f.hw2Cm()))
              .put("expectedErrorCm", round1(f.expectedErrorCm())));
    }
    return new JsonObject().put("deviceId", s.deviceId()).put("forecasts", out);
  }

  private JsonObject update(RoutingContext ctx, Authn authn) throws Exception {
    String id = ctx.pathParam("id");
    if (devices.find(id).isEmpty()) {
      throw new BadRequest("no device " + id + " in the registry");
    }
    JsonObject body = JsonBodies.object(ctx).copy().put("deviceId", id);
    FloodStation s;
    try {
      s = StationFile.station("body", JSON.readTree(body.encode()));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage(), e);
    }
    String by = Authn.caller(ctx).username();
    stations.upsert(List.of(s), by, clock.instant());
    monitor.configure(s);
    authn.record(
        by,
        "flood.station.update",
        String.format(
            java.util.Locale.ROOT,
            "device:%s BĐ %.0f/%.0f/%.0f cm wards %s",
            id,
            s.levels().bd1Cm(),
            s.levels().bd2Cm(),
            s.levels().bd3Cm(),
            s.wards()),
        null);
    return stationJson(s);
  }

  private void command(RoutingContext ctx, WorkerExecutor worker, Authn authn) {
    Caller caller = Authn.caller(ctx);
    Optional<FloodStation> station = stations.find(ctx.pathParam("id"));
    Optional<Device> device = station.flatMap(s -> devices.find(s.deviceId()));
    if (device.isEmpty() || !sees(caller, station.get())) {
      authn.hidden(ctx, "no flood station " + ctx.pathParam("id"));
      return;
    }
    if (!caller.sees(device.get())) {
      authn.deny(ctx, 403, "forbidden", "the station stands outside your zones");
      return;
    }
    StationCommand command;
    try {
      command = StationCommand.parse(JsonBodies.object(ctx));
    } catch (BadRequest e) {
      Responses.failure(ctx, e);
      return;
    }
    CommandsApi.accepted(
        ctx,
        worker
            .executeBlocking(
                () ->
                    commands.submit(
                        new CommandRequest(
                            "device:" + device.get().id(),
                            List.of(device.get()),
                            command.action(),
                            command.params(),
                            command.desired(),
                            caller.username(),
                            CommandOrigin.OPERATOR,
                            COMMAND_TIMEOUT)),
                false)
            .map(CommandBatch::toJson));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
