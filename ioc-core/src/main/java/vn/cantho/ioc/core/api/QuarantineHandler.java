package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Page;
import vn.cantho.ioc.core.store.QuarantineStore;
import vn.cantho.ioc.core.store.QuarantinedItem;

/**
 * {@code GET /api/v1/quarantine?source=&deviceId=&limit=&cursor=}: what was refused and why, newest
 * first. The raw payload is given as text when it is valid UTF-8, else as base64, so a hostile
 * payload is shown exactly as it came without ever being interpreted.
 */
final class QuarantineHandler {
  private final QuarantineStore store;
  private final WorkerExecutor db;

  QuarantineHandler(QuarantineStore store, WorkerExecutor db) {
    this.store = store;
    this.db = db;
  }

  void handle(RoutingContext ctx) {
    CursorPaging page = Paging.newestFirst(ctx);
    String source = QueryParams.text(ctx, "source");
    String deviceId = QueryParams.text(ctx, "deviceId");
    db.<Page<QuarantinedItem>>executeBlocking(() -> store.list(page, source, deviceId), false)
        .onSuccess(items -> Responses.ok(ctx, Paging.json(items, QuarantineHandler::render)))
        .onFailure(ctx::fail);
  }

  private static JsonObject render(QuarantinedItem item) {
    JsonObject json =
        new JsonObject()
            .put("id", item.id())
            .put("receivedAt", item.receivedAt().toString())
            .put("source", item.source())
            .put("topic", item.topic())
            .put("deviceId", item.deviceId())
            .put("reason", item.reason())
            .put("size", item.raw().length);
    String text = utf8(item.raw());
    if (text != null) {
      json.put("raw", text);
    } else {
      json.put("rawBase64", Base64.getEncoder().encodeToString(item.raw()));
    }
    return json;
  }

  private static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
