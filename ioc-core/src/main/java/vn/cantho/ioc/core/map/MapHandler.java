package vn.cantho.ioc.core.map;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.device.DeviceFilter;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.StatusTally;

/**
 * {@code GET /api/v1/map?bbox=W,S,E,N&zoom=Z[&zone=][&domain=]}: what the console's map draws for
 * its view (clusters and single devices, {@link MapView}) and the totals of the caller's scope
 * ({@link MapSummary}). Runs on the worker pool: a city-wide view judges the devices of every cell
 * it covers.
 */
public final class MapHandler {
  public static final String PATH = "/api/v1/map";

  private final MapView view;
  private final MapSummary summary;
  private final WorkerExecutor worker;
  private final Clock clock;
  private final Set<Domain> served;

  public MapHandler(
      DeviceRegistry registry,
      LatestState latest,
      StatusTally statuses,
      Set<Domain> served,
      WorkerExecutor worker,
      Clock clock) {
    this.view = new MapView(registry, latest);
    this.summary = new MapSummary(registry, latest, statuses);
    this.served = Set.copyOf(served);
    this.worker = worker;
    this.clock = clock;
  }

  public void handle(RoutingContext ctx) {
    MapQuery query = MapQuery.parse(ctx, served);
    Caller caller = Authn.caller(ctx);
    Responses.okFromWorker(
        ctx,
        worker,
        () -> {
          Instant now = clock.instant();
          DeviceFilter scopeFilter =
              new DeviceFilter(query.filter().domain(), query.filter().zoneId(), null);
          return view.render(query, caller.deviceScope(), caller::sees, now)
              .put("summary", summary.of(caller, scopeFilter, now));
        });
  }
}
