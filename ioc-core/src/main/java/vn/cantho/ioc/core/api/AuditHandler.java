package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import vn.cantho.ioc.core.audit.AuditEntry;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Page;

/** {@code GET /api/v1/audit?actor=&action=&limit=&cursor=}: the audit log, newest first. */
final class AuditHandler {
  private final AuditLog audit;
  private final WorkerExecutor db;

  AuditHandler(AuditLog audit, WorkerExecutor db) {
    this.audit = audit;
    this.db = db;
  }

  void handle(RoutingContext ctx) {
    CursorPaging page = Paging.newestFirst(ctx);
    String actor = QueryParams.text(ctx, "actor");
    String action = QueryParams.text(ctx, "action");
    db.<Page<AuditEntry>>executeBlocking(() -> audit.list(page, actor, action), false)
        .onSuccess(entries -> Responses.ok(ctx, Paging.json(entries, AuditHandler::render)))
        .onFailure(ctx::fail);
  }

  private static JsonObject render(AuditEntry e) {
    return new JsonObject()
        .put("id", e.id())
        .put("at", e.at().toString())
        .put("actor", e.actor())
        .put("action", e.action())
        .put("target", e.target())
        .put("sourceIp", e.sourceIp());
  }
}
