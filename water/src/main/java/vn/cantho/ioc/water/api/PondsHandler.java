package vn.cantho.ioc.water.api;

import io.vertx.core.Vertx;
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
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.ClientAddress;
import vn.cantho.ioc.core.api.DeviceJson;
import vn.cantho.ioc.core.api.JsonBodies;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.UserStore;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.water.WaterFeature;
import vn.cantho.ioc.water.farm.FarmStore;
import vn.cantho.ioc.water.farm.Pond;
import vn.cantho.ioc.water.farm.PondPolygon;
import vn.cantho.ioc.water.rules.AlertEngine;
import vn.cantho.ioc.water.rules.RuleStore;

/**
 * {@code GET /api/v1/ponds} and {@code GET /api/v1/ponds/{id}}: the farm map's ponds the caller may
 * see (a farmer his own), each with its probes' latest values and its status, the worst severity of
 * its open alerts ({@code ok} when none).
 */
public final class PondsHandler {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final FarmStore farms;
  private final AlertStore alerts;
  private final DeviceRegistry registry;
  private final DeviceJson deviceJson;
  private final Authn authn;
  private final WorkerExecutor db;
  private final Clock clock;
  private final RuleStore rules;
  private final ZoneIndex zones;
  private final Vertx vertx;
  private final UserStore users;

  public PondsHandler(
      FarmStore farms,
      AlertStore alerts,
      DeviceRegistry registry,
      DeviceJson deviceJson,
      Authn authn,
      WorkerExecutor db,
      Clock clock,
      RuleStore rules,
      ZoneIndex zones,
      Vertx vertx,
      UserStore users) {
    this.farms = farms;
    this.alerts = alerts;
    this.registry = registry;
    this.deviceJson = deviceJson;
    this.authn = authn;
    this.db = db;
    this.clock = clock;
    this.rules = rules;
    this.zones = zones;
    this.vertx = vertx;
    this.users = users;
  }

  /**
   * {@code PUT /api/v1/ponds/{id}} (admin, city operator): registers or updates a pond and its
   * farm. The outline is checked ({@link PondPolygon}), the zone found from it, the probes must be
   * registered water devices and become the farm owner's; the engine reloads their rules for the
   * pond's species at once. The owner must be a user. Ownership never moves this way: a farm, a
   * pond or a probe already of another owner is a 409 ({@link #refuseOwnerChange}). Audited as
   * {@code pond.put}.
   */
  public void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject body = JsonBodies.object(ctx);
    JsonObject farm = JsonBodies.object(body, "farm");
    String farmId = JsonBodies.text(farm, "id");
    String owner = JsonBodies.text(farm, "owner");
    String farmName = JsonBodies.text(farm, "name");
    String profile = JsonBodies.text(body, "profile");
    JsonObject given = JsonBodies.object(body, "polygon");
    org.locationtech.jts.geom.Point at;
    JsonObject polygon;
    try {
      // An outline in VN-2000 (its crs member) is stored converted to WGS84, as zones are.
      com.fasterxml.jackson.databind.JsonNode wgs84 =
          PondPolygon.inWgs84(JSON.readTree(given.encode()));
      at = PondPolygon.check(wgs84);
      polygon = new JsonObject(wgs84.toString());
    } catch (vn.cantho.ioc.geo.ZoneFormatException
        | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("polygon: " + e.getMessage(), e);
    }
    List<Device> probes = new ArrayList<>();
    for (String p : JsonBodies.texts(body, "probes")) {
      Device d =
          registry
              .find(p)
              .filter(x -> x.domain().equals(WaterFeature.DOMAIN))
              .orElseThrow(
                  () -> new BadRequest("probe " + p + " is not a registered water device"));
      probes.add(d);
    }
    String zone = zones.locate(at.getX(), at.getY()).map(vn.cantho.ioc.geo.Zone::id).orElse(null);
    Pond pond =
        new Pond(
            id,
            farmId,
            farmName,
            owner,
            JsonBodies.text(body, "name"),
            profile,
            JsonBodies.optionalNumber(body, "areaM2"),
            polygon.encode(),
            at.getX(),
            at.getY(),
            zone,
            probes.stream().map(Device::id).toList());
    Caller caller = Authn.caller(ctx);
    db.executeBlocking(
            () -> {
              if (!rules.profiles().contains(profile)) {
                throw new IllegalArgumentException("no species profile " + profile);
              }
              if (users.find(owner).isEmpty()) {
                throw new IllegalArgumentException(
                    "owner " + owner + " is not a user; add the farmer first (ioc user add)");
              }
              refuseOwnerChange(pond);
              if (!farms.putFarm(farmId, owner, farmName, zone)) {
                throw new OwnerConflict("farm " + farmId + " changed owner meanwhile; try again");
              }
              farms.putPond(pond);
              return farms.pond(id).orElseThrow();
            },
            false)
        .onFailure(
            e -> {
              if (e instanceof OwnerConflict) {
                Responses.error(ctx, 409, "conflict", e.getMessage());
              } else {
                ctx.fail(
                    e instanceof IllegalArgumentException || e instanceof java.sql.SQLException
                        ? new BadRequest(e.getMessage(), e)
                        : e);
              }
            })
        .onSuccess(
            stored -> {
              for (Device d : probes) {
                registry.put(
                    new Device(
                        d.id(),
                        d.domain(),
                        d.type(),
                        d.name(),
                        d.lon(),
                        d.lat(),
                        d.zoneId(),
                        d.reportIntervalS(),
                        owner));
                vertx.eventBus().publish(AlertEngine.RULES_CHANGED, d.id());
              }
              authn.record(
                  caller.username(), "pond.put", id + " owner " + owner, ClientAddress.of(ctx));
              Responses.ok(ctx, render(stored, Map.of(), caller));
            });
  }

  /** The farm, pond or a probe of the request already belongs to another owner. */
  private static final class OwnerConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OwnerConflict(String message) {
      super(message);
    }
  }

  /**
   * Registering never moves what a farmer has to another: each would show the new owner the old
   * one's ponds, probes and their history. A probe leaves another owner's pond only when that pond
   * is registered again without it. Worker only.
   */
  private void refuseOwnerChange(Pond pond) throws java.sql.SQLException {
    String owner = pond.owner();
    Optional<String> farmOwner = farms.ownerOf(pond.farmId());
    if (farmOwner.isPresent() && !farmOwner.get().equals(owner)) {
      throw new OwnerConflict(
          "farm " + pond.farmId() + " belongs to " + farmOwner.get() + ", not " + owner);
    }
    Optional<Pond> existing = farms.pond(pond.id());
    if (existing.isPresent() && !existing.get().owner().equals(owner)) {
      throw new OwnerConflict(
          "pond "
              + pond.id()
              + " belongs to "
              + existing.get().owner()
              + " (farm "
              + existing.get().farmId()
              + "), not "
              + owner);
    }
    for (String probe : pond.probes()) {
      Optional<Pond> in = farms.pondOf(probe);
      if (in.isPresent() && !in.get().id().equals(pond.id()) && !in.get().owner().equals(owner)) {
        throw new OwnerConflict(
            "probe "
                + probe
                + " is in pond "
                + in.get().id()
                + " of "
                + in.get().owner()
                + "; register that pond without it first");
      }
    }
  }

  /** Ponds and their open alerts, read together off the event loop. */
  private record Loaded(List<Pond> ponds, Map<String, List<Alert>> openByDevice) {}

  public void list(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    String zone = QueryParams.text(ctx, "zone");
    db.executeBlocking(
            () -> {
              List<Pond> visible =
                  farms.all().stream()
                      .filter(p -> p.seenBy(caller))
                      .filter(p -> zone == null || zone.equals(p.zoneId()))
                      .toList();
              return load(visible, caller);
            },
            false)
        .onFailure(ctx::fail)
        .onSuccess(
            loaded -> {
              JsonArray items = new JsonArray();
              loaded.ponds().forEach(p -> items.add(render(p, loaded.openByDevice(), caller)));
              Responses.ok(ctx, new JsonObject().put("items", items));
            });
  }

  public void one(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Caller caller = Authn.caller(ctx);
    db.executeBlocking(
            () -> {
              Optional<Pond> pond = farms.pond(id).filter(p -> p.seenBy(caller));
              return pond.isEmpty() ? null : load(List.of(pond.get()), caller);
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
              visibleProbes(p, caller).stream()
                  .flatMap(d -> loaded.openByDevice().getOrDefault(d.id(), List.of()).stream())
                  .forEach(a -> open.add(AlertJson.of(a)));
              Responses.ok(ctx, render(p, loaded.openByDevice(), caller).put("openAlerts", open));
            });
  }

  private Loaded load(List<Pond> ponds, Caller caller) throws java.sql.SQLException {
    List<String> probes = new ArrayList<>();
    ponds.forEach(p -> visibleProbes(p, caller).forEach(d -> probes.add(d.id())));
    Map<String, List<Alert>> open =
        alerts.openOf(probes).stream().collect(Collectors.groupingBy(Alert::deviceId));
    return new Loaded(ponds, open);
  }

  /**
   * The pond's probes the caller may see. Seeing a pond does not mean seeing all it holds: a Ninh
   * Kiều operator's pond may hold a probe placed in another zone, and that probe stays as hidden
   * here as at {@code /devices/{id}} (values, alerts and status alike).
   */
  private List<Device> visibleProbes(Pond p, Caller caller) {
    return p.probes().stream()
        .map(registry::find)
        .flatMap(Optional::stream)
        .filter(caller::sees)
        .toList();
  }

  private JsonObject render(Pond p, Map<String, List<Alert>> openByDevice, Caller caller) {
    Instant now = clock.instant();
    JsonArray probes = new JsonArray();
    List<Alert> open = new ArrayList<>();
    for (Device d : visibleProbes(p, caller)) {
      probes.add(deviceJson.render(d, now));
      open.addAll(openByDevice.getOrDefault(d.id(), List.of()));
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
