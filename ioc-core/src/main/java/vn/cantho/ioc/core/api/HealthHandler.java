package vn.cantho.ioc.core.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.core.health.Health;
import vn.cantho.ioc.core.health.HealthIndicator;

/**
 * {@code GET /api/v1/health}: 200 when every component is up, 503 when one is down, so a load
 * balancer can act on the status code and an operator on the body.
 */
final class HealthHandler {
  private final List<HealthIndicator> indicators;

  HealthHandler(List<HealthIndicator> indicators) {
    this.indicators = List.copyOf(indicators);
  }

  void handle(RoutingContext ctx) {
    List<Future<Health>> checks = new ArrayList<>();
    for (HealthIndicator indicator : indicators) {
      checks.add(
          indicator
              .check()
              .recover(e -> Future.succeededFuture(Health.down(String.valueOf(e.getMessage())))));
    }
    Future.join(checks)
        .onComplete(
            done -> {
              JsonObject components = new JsonObject();
              boolean allUp = true;
              for (int i = 0; i < indicators.size(); i++) {
                Health h = checks.get(i).result();
                allUp &= h.up();
                components.put(
                    indicators.get(i).name(),
                    new JsonObject(new java.util.LinkedHashMap<>(h.details()))
                        .put("status", h.up() ? "up" : "down"));
              }
              JsonObject body =
                  new JsonObject()
                      .put("status", allUp ? "up" : "down")
                      .put("components", components);
              Responses.json(ctx, allUp ? 200 : 503, body.encode());
            });
  }
}
