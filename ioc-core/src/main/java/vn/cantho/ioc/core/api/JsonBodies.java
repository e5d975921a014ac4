package vn.cantho.ioc.core.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request bodies as JSON objects, with a 400 for anything else. */
final class JsonBodies {
  private JsonBodies() {}

  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new BadRequest("send a JSON object body");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new BadRequest("body must be a JSON object", e);
    }
  }

  /** A required string field. */
  static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new BadRequest(field + " must be a non-empty string");
    }
    return s;
  }
}
