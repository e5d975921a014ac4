package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way the API answers: JSON bodies, errors as {@code {"error": code, "message": ...}}. */
public final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  public static void json(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    json(ctx, 200, body.encode());
  }

  /**
   * Runs blocking work (the database) on the worker pool, never the event loop, and answers 200
   * with what it returns, or maps its failure as {@link #failure} does.
   */
  public static void okFromWorker(
      RoutingContext ctx, WorkerExecutor worker, Callable<JsonObject> work) {
    worker
        .executeBlocking(work, false)
        .onSuccess(body -> ok(ctx, body))
        .onFailure(e -> failure(ctx, e));
  }

  public static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", code).put("message", message).encode());
  }

  /** Maps a failure to 400 when the request was wrong, else 500 without internals. */
  public static void failure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof BadRequest) {
      error(ctx, 400, "bad_request", failure.getMessage());
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Refused by a handler with its status (a CORS origin not allowed, a body too large): the
      // client's doing, not a server error.
      error(
          ctx,
          ctx.statusCode(),
          ctx.statusCode() == 403 ? "forbidden" : "bad_request",
          failure == null ? "request refused" : failure.getMessage());
    } else {
      LOG.error("Request {} failed", ctx.request().path(), failure);
      error(ctx, 500, "internal_error", "internal error, see the server log");
    }
  }
}
