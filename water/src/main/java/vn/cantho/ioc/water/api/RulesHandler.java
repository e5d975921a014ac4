package vn.cantho.ioc.water.api;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.ClientAddress;
import vn.cantho.ioc.core.api.DevicesHandler;
import vn.cantho.ioc.core.api.JsonBodies;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.water.WaterFeature;
import vn.cantho.ioc.water.rules.AlertEngine;
import vn.cantho.ioc.water.rules.RuleStore;
import vn.cantho.ioc.water.rules.SpeciesProfiles;
import vn.cantho.ioc.water.rules.ThresholdRule;

/**
 * {@code GET /api/v1/rules?profile=} (a species profile's defaults), {@code GET
 * /api/v1/devices/{id}/rules} (what watches that pond) and {@code PUT /api/v1/devices/{id}/rules}
 * (override one metric and direction for that pond; validated, audited, applied at once).
 */
public final class RulesHandler {
  private final RuleStore rules;
  private final DeviceRegistry registry;
  private final MetricCatalog catalog;
  private final Authn authn;
  private final WorkerExecutor db;
  private final Vertx vertx;
  private final vn.cantho.ioc.water.farm.FarmStore farms;

  public RulesHandler(
      RuleStore rules,
      DeviceRegistry registry,
      MetricCatalog catalog,
      Authn authn,
      WorkerExecutor db,
      Vertx vertx,
      vn.cantho.ioc.water.farm.FarmStore farms) {
    this.farms = farms;
    this.rules = rules;
    this.registry = registry;
    this.catalog = catalog;
    this.authn = authn;
    this.db = db;
    this.vertx = vertx;
  }

  public void profile(RoutingContext ctx) {
    String profile = QueryParams.text(ctx, "profile");
    if (profile == null) {
      throw new BadRequest("give profile, e.g. pangasius_pond");
    }
    db.<List<ThresholdRule>>executeBlocking(() -> rules.forProfile(profile), false)
        .onFailure(ctx::fail)
        .onSuccess(found -> Responses.ok(ctx, render(profile, found)));
  }

  public void device(RoutingContext ctx) {
    DevicesHandler.visibleDevice(ctx, registry, authn)
        .ifPresent(
            d -> {
              String byType = profileOf(d);
              db.executeBlocking(
                      () -> {
                        String profile = pondProfile(d, byType);
                        return Map.entry(profile, rules.effective(profile, d.id()));
                      },
                      false)
                  .onFailure(ctx::fail)
                  .onSuccess(
                      found ->
                          Responses.ok(
                              ctx,
                              render(found.getKey(), found.getValue()).put("deviceId", d.id())));
            });
  }

  /**
   * {@code PUT /api/v1/ponds/{id}/rules} and {@code PUT /api/v1/farms/{id}/rules}: one override for
   * every probe of a pond or a farm, now and later; a probe's own override still wins.
   */
  public void overrideScope(RoutingContext ctx, RuleStore.Scope scope) {
    String id = ctx.pathParam("id");
    JsonObject body = JsonBodies.object(ctx);
    ThresholdRule rule = parse(body);
    if (catalog.find(WaterFeature.DOMAIN, rule.metric()).isEmpty()
        && !AlertEngine.PROBE_METRICS.contains(rule.metric())) {
      throw new BadRequest("metric " + rule.metric() + " is not a water metric");
    }
    String actor = Authn.caller(ctx).username();
    String source = JsonBodies.optionalText(body, "source", "set by " + actor);
    db.executeBlocking(
            () -> {
              List<vn.cantho.ioc.water.farm.Pond> scoped =
                  farms.all().stream()
                      .filter(
                          p ->
                              scope == RuleStore.Scope.POND
                                  ? p.id().equals(id)
                                  : p.farmId().equals(id))
                      .toList();
              if (scoped.isEmpty()) {
                return null;
              }
              List<String> probes = scoped.stream().flatMap(p -> p.probes().stream()).toList();
              rules.override(scope, id, rule, source);
              return probes;
            },
            false)
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof IllegalArgumentException ? new BadRequest(e.getMessage(), e) : e))
        .onSuccess(
            probes -> {
              if (probes == null) {
                Responses.error(
                    ctx,
                    404,
                    "not_found",
                    "no " + scope.name().toLowerCase(Locale.ROOT) + " " + id);
                return;
              }
              authn.record(
                  actor,
                  "rule.override",
                  scope.name().toLowerCase(Locale.ROOT)
                      + ":"
                      + id
                      + " "
                      + rule.metric()
                      + " "
                      + rule.direction().name().toLowerCase(Locale.ROOT),
                  ClientAddress.of(ctx));
              probes.forEach(p -> vertx.eventBus().publish(AlertEngine.RULES_CHANGED, p));
              Responses.ok(
                  ctx,
                  new JsonObject()
                      .put("scope", scope.name().toLowerCase(Locale.ROOT))
                      .put("id", id)
                      .put("probes", new io.vertx.core.json.JsonArray(probes))
                      .put(
                          "rule",
                          render("", List.of(rule)).getJsonArray("rules").getJsonObject(0)));
            });
  }

  public void override(RoutingContext ctx) {
    Device d = DevicesHandler.visibleDevice(ctx, registry, authn).orElse(null);
    if (d == null) {
      return;
    }
    String profile = profileOf(d);
    JsonObject body = JsonBodies.object(ctx);
    ThresholdRule rule = parse(body);
    if (catalog.find(WaterFeature.DOMAIN, rule.metric()).isEmpty()
        && !AlertEngine.PROBE_METRICS.contains(rule.metric())) {
      throw new BadRequest("metric " + rule.metric() + " is not a water metric");
    }
    String source =
        JsonBodies.optionalText(body, "source", "set by " + Authn.caller(ctx).username());
    String actor = Authn.caller(ctx).username();
    db.<List<ThresholdRule>>executeBlocking(
            () -> {
              rules.overrideForDevice(d.id(), rule, source);
              return rules.effective(pondProfile(d, profile), d.id());
            },
            false)
        .onFailure(
            e ->
                ctx.fail(
                    e instanceof IllegalArgumentException ? new BadRequest(e.getMessage(), e) : e))
        .onSuccess(
            found -> {
              authn.record(
                  actor,
                  "rule.override",
                  d.id()
                      + " "
                      + rule.metric()
                      + " "
                      + rule.direction().name().toLowerCase(Locale.ROOT),
                  ClientAddress.of(ctx));
              vertx.eventBus().publish(AlertEngine.RULES_CHANGED, d.id());
              Responses.ok(ctx, render(profile, found).put("deviceId", d.id()));
            });
  }

  /** A probe in a pond is watched by the pond's species, as the engine does. Worker only. */
  private String pondProfile(Device d, String byType) throws java.sql.SQLException {
    return farms.pondOf(d.id()).map(vn.cantho.ioc.water.farm.Pond::profile).orElse(byType);
  }

  private static String profileOf(Device d) {
    if (!d.domain().equals(WaterFeature.DOMAIN)) {
      throw new BadRequest("only water probes have water-quality rules");
    }
    return SpeciesProfiles.forDeviceType(d.type())
        .orElseThrow(() -> new BadRequest("device type " + d.type() + " has no species profile"));
  }

  private static ThresholdRule parse(JsonObject body) {
    try {
      return new ThresholdRule(
          0,
          JsonBodies.text(body, "metric"),
          ThresholdRule.Direction.valueOf(
              JsonBodies.text(body, "direction").toUpperCase(Locale.ROOT)),
          number(body, "watch"),
          number(body, "warning"),
          number(body, "critical"),
          number(body, "hysteresis"),
          body.getInteger("minSamples", 2),
          Duration.ofSeconds(body.getInteger("minDurationS", 600)));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new BadRequest("rule not valid: " + e.getMessage(), e);
    }
  }

  private static double number(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new BadRequest(field + " must be a number");
    }
    return n.doubleValue();
  }

  private static JsonObject render(String profile, List<ThresholdRule> found) {
    JsonArray items = new JsonArray();
    for (ThresholdRule r : found) {
      items.add(
          new JsonObject()
              .put("id", r.id())
              .put("metric", r.metric())
              .put("direction", r.direction().name().toLowerCase(Locale.ROOT))
              .put("watch", r.watch())
              .put("warning", r.warning())
              .put("critical", r.critical())
              .put("hysteresis", r.hysteresis())
              .put("minSamples", r.minSamples())
              .put("minDurationS", r.minDuration().toSeconds()));
    }
    return new JsonObject().put("profile", profile).put("rules", items);
  }
}
