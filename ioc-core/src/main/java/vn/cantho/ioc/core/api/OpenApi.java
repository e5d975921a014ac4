package vn.cantho.ioc.core.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The API's OpenAPI 3.1 description, served at {@value #PATH}. It is composed once, at start, from
 * fragments: partial OpenAPI documents with only {@code paths}, {@code components} and {@code
 * tags}. The core's are one per area under {@value #CORE}; each {@link ApiExtension} names the
 * fragments of the routes it mounts, so whoever adds routes ships their description beside them.
 * {@link RouteCoverage} checks that the routes served and the document agree.
 */
public final class OpenApi {
  public static final String PATH = "/api/v1/openapi.json";

  static final String CORE = "vn/cantho/ioc/core/api/openapi/";

  /** The core's areas, each the file {@code <area>.json} under {@value #CORE}. */
  static final List<String> CORE_AREAS =
      List.of(
          "auth",
          "health",
          "openapi",
          "devices",
          "zones",
          "map",
          "console",
          "alerts",
          "subscriptions",
          "ack",
          "live",
          "quarantine",
          "audit",
          "users",
          "credentials",
          "metrics");

  private static final Set<String> FRAGMENT_KEYS = Set.of("paths", "components", "tags");

  private final JsonObject document;
  private final String encoded;

  private OpenApi(JsonObject document) {
    this.document = document;
    this.encoded = document.encode();
  }

  /**
   * The core's description with that of every extension's routes.
   *
   * @throws IllegalStateException when a fragment is missing, is not JSON, or describes what
   *     another already does: the server must not start with a contract it cannot state
   */
  public static OpenApi of(List<ApiExtension> extensions) {
    ClassLoader core = OpenApi.class.getClassLoader();
    JsonObject document = read(core, CORE + "base.json");
    for (String area : CORE_AREAS) {
      String resource = CORE + area + ".json";
      merge(document, read(core, resource), resource);
    }
    for (ApiExtension extension : extensions) {
      ClassLoader loader = extension.getClass().getClassLoader();
      for (String resource : extension.openApiFragments()) {
        merge(document, read(loader, resource), resource);
      }
    }
    return new OpenApi(document);
  }

  /** A copy of the composed document. */
  public JsonObject document() {
    return document.copy();
  }

  /** Open like health: the contract is no secret, and an integrator reads it before signing in. */
  void serve(RoutingContext ctx) {
    Responses.json(ctx, 200, encoded);
  }

  /** Adds the fragment's paths, components and tags to the document; a second description fails. */
  static void merge(JsonObject document, JsonObject fragment, String name) {
    for (String key : fragment.fieldNames()) {
      if (!FRAGMENT_KEYS.contains(key)) {
        throw new IllegalStateException(
            name + ": a fragment holds only paths, components and tags, not " + key);
      }
    }
    JsonObject paths = object(document, "paths");
    fragment
        .getJsonObject("paths", new JsonObject())
        .forEach(
            path ->
                addAll(
                    object(paths, path.getKey()),
                    asObject(path.getValue(), name, path.getKey()),
                    name,
                    path.getKey()));
    JsonObject components = object(document, "components");
    fragment
        .getJsonObject("components", new JsonObject())
        .forEach(
            kind ->
                addAll(
                    object(components, kind.getKey()),
                    asObject(kind.getValue(), name, kind.getKey()),
                    name,
                    "components/" + kind.getKey()));
    JsonArray tags = document.getJsonArray("tags");
    if (tags == null) {
      tags = new JsonArray();
      document.put("tags", tags);
    }
    for (Object tag : fragment.getJsonArray("tags", new JsonArray())) {
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
  }

  /** Copies each field; the same field from two fragments is allowed only when it is identical. */
  private static void addAll(JsonObject into, JsonObject from, String name, String where) {
    from.forEach(
        field -> {
          Object existing = into.getValue(field.getKey());
          if (existing != null && !existing.equals(field.getValue())) {
            throw new IllegalStateException(
                name + ": " + where + " " + field.getKey() + " is already described elsewhere");
          }
          into.put(field.getKey(), field.getValue());
        });
  }

  private static JsonObject asObject(Object value, String name, String where) {
    if (!(value instanceof JsonObject object)) {
      throw new IllegalStateException(name + ": " + where + " must be a JSON object");
    }
    return object;
  }

  private static JsonObject object(JsonObject parent, String key) {
    JsonObject child = parent.getJsonObject(key);
    if (child == null) {
      child = new JsonObject();
      parent.put(key, child);
    }
    return child;
  }

  private static JsonObject read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "OpenAPI fragment " + resource + " is not on the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw new IllegalStateException("OpenAPI fragment " + resource + " is not JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
