package vn.cantho.ioc.sharing.feed;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.export.ExportKeys;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.sharing.CallerLimit;

/**
 * {@code GET /api/v1/sharing/feed?after=}: the events webhooks carry, oldest first, for a platform
 * that cannot receive pushes. {@code nextCursor} is always given, on an empty page too: it is where
 * the platform asks from next time, so polling with it never misses or repeats an event. A commune
 * operator reads his zones' events; a farmer none (the feed is the city's, as its indicators are).
 */
public final class FeedRoute {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private final EventLog log;
  private final CallerLimit limit;
  private final Authn authn;
  private final WorkerExecutor worker;

  public FeedRoute(EventLog log, CallerLimit limit, Authn authn, WorkerExecutor worker) {
    this.log = log;
    this.limit = limit;
    this.authn = authn;
    this.worker = worker;
  }

  public void handle(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    if (caller.role().scope() == Role.Scope.OWN) {
      authn.deny(ctx, 403, "forbidden", "the sharing feed is the city's, not a farmer's");
      return;
    }
    if (!limit.admit(ctx)) {
      return;
    }
    long after;
    try {
      String key = CursorPaging.decode(QueryParams.text(ctx, "after"));
      after = key == null ? 0 : ExportKeys.number(key);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("after is not a cursor this feed gave", e);
    }
    int rows = QueryParams.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String dataset = QueryParams.text(ctx, "dataset");
    List<String> zones = caller.zoneScope();
    long from = after;
    Responses.okFromWorker(
        ctx,
        worker,
        () -> {
          List<FeedEvent> events = log.after(from, zones, dataset, rows);
          JsonArray items = new JsonArray();
          events.forEach(e -> items.add(e.json()));
          long last = events.isEmpty() ? from : events.get(events.size() - 1).id();
          return new JsonObject()
              .put("items", items)
              .put("nextCursor", CursorPaging.encode(Long.toString(last)));
        });
  }
}
