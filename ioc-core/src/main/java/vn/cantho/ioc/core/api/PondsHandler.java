package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertJson;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.farm.FarmStore;
import vn.cantho.ioc.core.farm.Pond;

/**
 * {@code GET /api/v1/ponds} and {@code GET /api/v1/ponds/{id}}: the farm map's ponds the caller may
 * see (a farmer his own), each with its probes' latest values and its status, the worst severity of
 * its open alerts ({@code ok} when none).
 */
final class PondsHandler {
  private final FarmStore farms;
  private final AlertStore alerts;
  private final DeviceRegistry registry;
  private final DeviceJson deviceJson;
  private final Authn authn;
  private final WorkerExecutor db;
  private final Clock clock;

  PondsHandler(
      FarmStore farms,
      AlertStore alerts,
      DeviceRegistry registry,
      DeviceJson deviceJson,
      Authn authn,
      WorkerExecutor db,
      Clock clock) {
    this.farms = farms;
    this.alerts = alerts;
    this.registry = registry;
    this.deviceJson = deviceJson;
    this.authn = authn;
    this.db = db;
    this.clock = clock;
  }

  /** Ponds and their open alerts, read together off the event loop. */
  private record Loaded(List<Pond> ponds, Map<String, List<Alert>> openByDevice) {}

  void list(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    String zone = QueryParams.text(ctx, "zone");
    db.executeBlocking(
            () -> {
              List<Pond> visible =
                  farms.all().stream()
                      .filter(caller::sees)
                      .filter(p -> zone == null || zone.equals(p.zoneId()))
                      .toList();
              return load(visible);
            },
            false)
        .onFailure(ctx::fail)
        .onSuccess(
            loaded -> {
              JsonArray items = new JsonArray();
              loaded.ponds().forEach(p -> items.add(render(p, loaded.openByDevice())));
              Responses.ok(ctx, new JsonObject().put("items", items));
            });
  }

  void one(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Caller caller = Authn.caller(ctx);
    db.executeBlocking(
            () -> {
              Optional<Pond> pond = farms.pond(id).filter(caller::sees);
              return pond.isEmpty() ? null : load(List.of(pond.get()));
            },
            false)
        .onFailure(ctx::fail)
        .onSuccess(
            loaded -> {
              if (loaded == null) {
                authn.hidden(ctx, "no pond " + id);
                return;
              }
              Pond p = loaded.ponds().get(0);
              JsonArray open = new JsonArray();
              p.probes().stream()
                  .flatMap(d -> loaded.openByDevice().getOrDefault(d, List.of()).stream())
                  .forEach(a -> open.add(AlertJson.of(a)));
              Responses.ok(ctx, render(p, loaded.openByDevice()).put("openAlerts", open));
            });
  }

  private Loaded load(List<Pond> ponds) throws java.sql.SQLException {
    List<String> probes = new ArrayList<>();
    ponds.forEach(p -> probes.addAll(p.probes()));
    Map<String, List<Alert>> open =
        alerts.openOf(probes).stream().collect(Collectors.groupingBy(Alert::deviceId));
    return new Loaded(ponds, open);
  }

  private JsonObject render(Pond p, Map<String, List<Alert>> openByDevice) {
    Instant now = clock.instant();
    JsonArray probes = new JsonArray();
    List<Alert> open = new ArrayList<>();
    for (String id : p.probes()) {
      registry.find(id).ifPresent(d -> probes.add(deviceJson.render(d, now)));
      open.addAll(openByDevice.getOrDefault(id, List.of()));
    }
    String status =
        open.stream()
            .map(Alert::severity)
            .max(Comparator.naturalOrder())
            .map(s -> s.code())
            .orElse("ok");
    return new JsonObject()
        .put("id", p.id())
        .put("name", p.name())
        .put("farm", new JsonObject().put("id", p.farmId()).put("name", p.farmName()))
        .put("owner", p.owner())
        .put("profile", p.profile())
        .put("areaM2", p.areaM2())
        .put("polygon", p.polygon() == null ? null : new JsonObject(p.polygon()))
        .put("lon", p.lon())
        .put("lat", p.lat())
        .put("zoneId", p.zoneId())
        .put("status", status)
        .put("openAlertCount", open.size())
        .put("probes", probes);
  }
}
