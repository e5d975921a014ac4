package vn.cantho.ioc.core.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Request bodies as JSON objects, and their fields by type, with a 400 and a reason for anything
 * else: a handler reads fields only through here, so a wrong type ({@code "farm":"f"}) never
 * escapes as a ClassCastException and a 500.
 */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body as a JSON object; no string in it (key or value) may hold a control character. */
  public static JsonObject object(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new BadRequest("body must be a JSON object", e);
    }
    if (body == null) {
      throw new BadRequest("send a JSON object body");
    }
    refuseControlCharacters("", body);
    return body;
  }

  /** A required string field. */
  public static String text(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new BadRequest(field + " must be a non-empty string");
    }
    return s;
  }

  /** An optional string field: the fallback when absent or null. */
  public static String optionalText(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new BadRequest(field + " must be a string");
    }
    return s;
  }

  /** A required object field. */
  public static JsonObject object(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof JsonObject o)) {
      throw new BadRequest(field + " must be a JSON object");
    }
    return o;
  }

  /** An optional array of non-empty strings; empty when absent or null. */
  public static List<String> texts(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new BadRequest(field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isBlank()) {
        throw new BadRequest(field + " must be an array of non-empty strings; not: " + item);
      }
      out.add(s);
    }
    return out;
  }

  /** An optional finite number; null when absent or null. */
  public static Double optionalNumber(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new BadRequest(field + " must be a number");
    }
    return n.doubleValue();
  }

  /** Walks the whole body once, so no field read later can carry NUL into the database. */
  private static void refuseControlCharacters(String path, Object value) {
    if (value instanceof String s) {
      ControlCharacters.refuse(path.isEmpty() ? "a string" : path, s);
    } else if (value instanceof JsonObject o) {
      refuseControlCharacters(path, o.getMap());
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        ControlCharacters.refuse("a field name", key);
        refuseControlCharacters(path.isEmpty() ? key : path + "." + key, e.getValue());
      }
    } else if (value instanceof JsonArray a) {
      refuseControlCharacters(path, a.getList());
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        refuseControlCharacters(path, item);
      }
    }
  }
}
