package vn.cantho.ioc.core.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Page;

/**
 * The {@code limit} and {@code cursor} of every list request, and the {@code {"items",
 * "nextCursor"}} answer, the same for every list.
 */
public final class Paging {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  private Paging() {}

  public static int limit(RoutingContext ctx) {
    return QueryParams.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
  }

  /** The page of a list by id, newest first, that the request asks for. */
  public static CursorPaging newestFirst(RoutingContext ctx) {
    int limit = limit(ctx);
    try {
      return CursorPaging.after(QueryParams.text(ctx, "cursor"), limit);
    } catch (CursorPaging.InvalidCursor e) {
      throw new BadRequest(e.getMessage(), e);
    }
  }

  /** The key the requested page of a list in key order starts after; null for the first page. */
  public static String afterKey(RoutingContext ctx) {
    try {
      return CursorPaging.decode(QueryParams.text(ctx, "cursor"));
    } catch (CursorPaging.InvalidCursor e) {
      throw new BadRequest(e.getMessage(), e);
    }
  }

  public static <T> JsonObject json(Page<T> page, Function<T, JsonObject> render) {
    JsonArray items = new JsonArray();
    page.items().forEach(item -> items.add(render.apply(item)));
    return new JsonObject().put("items", items).put("nextCursor", page.nextCursor());
  }
}
