package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.cantho.ioc.core.audit.AuditEntry;
import vn.cantho.ioc.core.audit.AuditLog;

/** {@code GET /api/v1/audit?actor=&action=&limit=&cursor=}: the audit log, newest first. */
final class AuditHandler {
  private final AuditLog audit;
  private final WorkerExecutor db;

  AuditHandler(AuditLog audit, WorkerExecutor db) {
    this.audit = audit;
    this.db = db;
  }

  void handle(RoutingContext ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", 100, 1, 1_000);
    Long before = QueryParams.longCursor(ctx);
    String actor = QueryParams.text(ctx, "actor");
    String action = QueryParams.text(ctx, "action");
    db.<List<AuditEntry>>executeBlocking(() -> audit.list(before, actor, action, limit + 1), false)
        .onSuccess(entries -> Responses.ok(ctx, render(entries, limit)))
        .onFailure(ctx::fail);
  }

  private static JsonObject render(List<AuditEntry> entries, int limit) {
    JsonArray items = new JsonArray();
    for (AuditEntry e : entries.subList(0, Math.min(limit, entries.size()))) {
      items.add(
          new JsonObject()
              .put("id", e.id())
              .put("at", e.at().toString())
              .put("actor", e.actor())
              .put("action", e.action())
              .put("target", e.target())
              .put("sourceIp", e.sourceIp()));
    }
    String next = QueryParams.nextCursor(entries, limit, AuditEntry::id);
    return new JsonObject().put("items", items).put("nextCursor", next);
  }
}
