package vn.cantho.ioc.core.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.feature.FeaturePermission;

/**
 * What the web console needs to know of the node (ADR 0012), so its shell retypes no feature's
 * text: {@code GET /api/v1/catalog}, every metric with its unit, physical range and labels in
 * Vietnamese and English, fixed at start and encoded once; {@code GET /api/v1/features}, the
 * console script of each installed feature and what the caller may do.
 */
public final class ConsoleHandler {
  private final String catalog;
  private final JsonArray features;
  private final Collection<FeaturePermission> featurePermissions;
  private final BaseMap baseMap;

  /**
   * @param scripts web paths of the features' console scripts ({@code features/water.js} or {@code
   *     /features/water.js}); the feature's id is the file name without {@code .js}
   */
  public ConsoleHandler(
      MetricCatalog catalog,
      List<String> scripts,
      Collection<FeaturePermission> featurePermissions,
      BaseMap baseMap) {
    this.catalog = catalogJson(catalog).encode();
    this.features = featuresJson(scripts).getJsonArray("items");
    this.featurePermissions = featurePermissions;
    this.baseMap = baseMap;
  }

  void catalog(RoutingContext ctx) {
    Responses.json(ctx, 200, catalog);
  }

  /**
   * The features' scripts and what the caller may do ({@code may}: the codes of the kernel's and
   * the features' permissions his role has), so the console offers only the buttons that will work.
   * Display only: every route still checks.
   */
  void features(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    java.util.SortedSet<String> may = new java.util.TreeSet<>();
    for (Permission p : Permission.values()) {
      if (caller.may(p)) {
        may.add(p.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    for (FeaturePermission p : featurePermissions) {
      if (caller.may(p)) {
        may.add(p.code());
      }
    }
    JsonObject body =
        new JsonObject().put("items", features.copy()).put("may", new JsonArray(List.copyOf(may)));
    if (baseMap.configured()) {
      body.put("baseMap", baseMap.json());
    }
    Responses.ok(ctx, body);
  }

  static JsonObject catalogJson(MetricCatalog catalog) {
    JsonArray items = new JsonArray();
    catalog.all().stream()
        .sorted(Comparator.comparing((Metric m) -> m.domain().code()).thenComparing(Metric::name))
        .forEach(
            m ->
                items.add(
                    new JsonObject()
                        .put("domain", m.domain().code())
                        .put("name", m.name())
                        .put("unit", m.unit())
                        .put("min", number(m.min()))
                        .put("max", number(m.max()))
                        .put(
                            "label",
                            new JsonObject().put("vi", m.labelVi()).put("en", m.labelEn()))));
    return new JsonObject().put("items", items);
  }

  /** In the order given, each script once. */
  static JsonObject featuresJson(List<String> scripts) {
    Map<String, JsonObject> byScript = new LinkedHashMap<>();
    for (String script : scripts) {
      String path = script.startsWith("/") ? script : "/" + script;
      if (path.startsWith("//") || !path.endsWith(".js")) {
        throw new IllegalArgumentException(
            "a console script is a path on this server ending in .js, not " + script);
      }
      String file = path.substring(path.lastIndexOf('/') + 1);
      byScript.putIfAbsent(
          path,
          new JsonObject()
              .put("id", file.substring(0, file.length() - ".js".length()))
              .put("script", path));
    }
    return new JsonObject().put("items", new JsonArray(List.copyOf(byScript.values())));
  }

  /** A whole number as one, so {@code 0} and not {@code 0.0}. */
  private static Number number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : value;
  }
}
