package vn.cantho.ioc.traffic.api;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.traffic.incident.IncidentStore;

/**
 * {@code GET /api/v1/traffic/datex/situations}: the open incidents the caller sees, as DATEX II
 * ({@link DatexExport}). Scoped as the incident list is ({@link IncidentsHandler#scope} through the
 * store), so a ward's operator publishes only his ward's incidents onward. Not paged: a DATEX II
 * receiver takes a situation missing from a full publication as ended.
 */
public final class DatexHandler implements Handler<RoutingContext> {
  public static final String PATH = "/api/v1/traffic/datex/situations";

  private final IncidentStore store;
  private final WorkerExecutor worker;
  private final Clock clock;

  public DatexHandler(IncidentStore store, WorkerExecutor worker, Clock clock) {
    this.store = store;
    this.worker = worker;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    worker
        .executeBlocking(
            () -> DatexExport.of(store.open(IncidentsHandler.scope(caller)), clock.instant()),
            false)
        .onSuccess(
            xml ->
                ctx.response()
                    .putHeader("Content-Type", DatexExport.MEDIA_TYPE)
                    .putHeader("Cache-Control", "no-store")
                    .end(xml))
        .onFailure(e -> Responses.failure(ctx, e));
  }
}
