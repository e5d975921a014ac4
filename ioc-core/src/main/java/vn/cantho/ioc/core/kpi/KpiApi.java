package vn.cantho.ioc.core.kpi;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import vn.cantho.ioc.core.api.ApiExtension;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.feature.FeatureRoutes;

/**
 * {@code GET /api/v1/kpi}: the indicators' series, filtered by {@code kpi}, {@code zone}, {@code
 * from} and {@code to} (default the last 24 hours). A commune operator gets his zones' series, not
 * the city's; a farmer none (his figures are his ponds', not the city's indicators).
 */
public final class KpiApi implements ApiExtension {
  static final int MAX_POINTS = 50_000;

  private final KpiStore store;
  private final Clock clock;

  public KpiApi(KpiStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, FeatureRoutes routes) {
    WorkerExecutor worker = routes.worker();
    routes.route(
        HttpMethod.GET,
        "/api/v1/kpi",
        Permission.READ_MAP,
        ctx -> {
          Query q = query(ctx);
          if (q == null) {
            return;
          }
          worker
              .executeBlocking(
                  () -> store.query(q.kpi(), q.zones(), q.city(), q.from(), q.to(), MAX_POINTS),
                  false)
              .onSuccess(found -> Responses.ok(ctx, json(found)))
              .onFailure(e -> Responses.failure(ctx, e));
        });
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/core/kpi/openapi.json");
  }

  private record Query(String kpi, List<String> zones, boolean city, Instant from, Instant to) {}

  /** The caller's query within his scope; null when refused (already answered). */
  private Query query(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    if (caller.role().scope() == Role.Scope.OWN) {
      Responses.error(ctx, 403, "forbidden", "the city's indicators are not a farmer's");
      return null;
    }
    Instant to = QueryParams.instant(ctx, "to", clock.instant());
    Instant from = QueryParams.instant(ctx, "from", to.minus(Duration.ofHours(24)));
    if (!from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    String zone = QueryParams.text(ctx, "zone");
    List<String> scope = caller.zoneScope(); // null: the whole city
    List<String> zones;
    if (zone != null) {
      if (scope != null && !scope.contains(zone)) {
        zones = List.of(); // outside his zones: nothing, as for an unknown zone
      } else {
        zones = List.of(zone);
      }
    } else {
      zones = scope;
    }
    return new Query(QueryParams.text(ctx, "kpi"), zones, zone == null && scope == null, from, to);
  }

  private static JsonObject json(List<KpiStore.Series> found) {
    JsonArray items = new JsonArray();
    for (KpiStore.Series s : found) {
      JsonArray points = new JsonArray();
      s.points()
          .forEach(
              p ->
                  points.add(
                      new JsonObject().put("at", p.at().toString()).put("value", p.value())));
      items.add(
          new JsonObject().put("kpi", s.kpi()).put("zoneId", s.zoneId()).put("points", points));
    }
    return new JsonObject().put("items", items);
  }
}
