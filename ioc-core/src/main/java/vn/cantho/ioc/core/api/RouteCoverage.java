package vn.cantho.ioc.core.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a router and an OpenAPI document agree: every (method, path) the router answers under
 * {@code /api/}, {@code /ack/} and {@code /metrics} is described, and every described one is
 * answered. It reads the routes the router actually holds, including those of sub-routers, so it
 * does not matter who registered them. Routes for every method under a wildcard ({@code /api/*}:
 * path checks, the 404 and failure handlers) are plumbing, not operations; HEAD and OPTIONS are
 * left to CORS.
 */
public final class RouteCoverage {
  private static final List<String> API_PREFIXES = List.of("/api/", "/ack/", "/metrics");
  private static final Set<String> DOCUMENTED_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private RouteCoverage() {}

  /** One operation: an upper-case method and an OpenAPI path template ({@code /x/{id}}). */
  public record Operation(String method, String path) implements Comparable<Operation> {
    @Override
    public int compareTo(Operation o) {
      int byPath = path.compareTo(o.path);
      return byPath != 0 ? byPath : method.compareTo(o.method);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** What disagrees; both empty when the document describes exactly what is served. */
  public record Gaps(Set<Operation> undocumented, Set<Operation> unserved) {
    public boolean none() {
      return undocumented.isEmpty() && unserved.isEmpty();
    }

    @Override
    public String toString() {
      return "served but not in the OpenAPI document: "
          + undocumented
          + "; in the document but served by no route: "
          + unserved;
    }
  }

  public static Gaps check(List<Route> routes, JsonObject openApi) {
    Set<Operation> served = served(routes);
    Set<Operation> documented = documented(openApi);
    Set<Operation> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    Set<Operation> unserved = new TreeSet<>(documented);
    unserved.removeAll(served);
    return new Gaps(undocumented, unserved);
  }

  /** The API operations the routes answer. */
  public static Set<Operation> served(List<Route> routes) {
    Set<Operation> out = new TreeSet<>();
    collect(routes, "", out);
    return out;
  }

  /** The operations the document's {@code paths} describe. */
  public static Set<Operation> documented(JsonObject openApi) {
    Set<Operation> out = new TreeSet<>();
    JsonObject paths = openApi.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (DOCUMENTED_METHODS.contains(key)) {
          out.add(new Operation(key.toUpperCase(Locale.ROOT), path));
        }
      }
    }
    return out;
  }

  private static void collect(List<Route> routes, String prefix, Set<Operation> out) {
    for (Route route : routes) {
      if (route.getPath() == null) {
        if (route.isRegexPath()) {
          // A pattern has no template to compare: listed so the check fails until it is a path.
          for (HttpMethod m : methodsOf(route)) {
            out.add(new Operation(m.name(), "(regular expression)"));
          }
        }
        continue;
      }
      String path = join(prefix, route.getPath());
      if (route.getSubRouter() != null) {
        collect(route.getSubRouter().getRoutes(), stripSlash(path), out);
        continue;
      }
      if (API_PREFIXES.stream().noneMatch(path::startsWith)) {
        continue;
      }
      if (route.methods() == null || route.methods().isEmpty()) {
        if (route.isExactPath()) {
          // A route for every method on one path answers requests the document cannot name.
          out.add(new Operation("*", template(path)));
        }
        continue;
      }
      for (HttpMethod m : methodsOf(route)) {
        out.add(new Operation(m.name(), template(path)));
      }
    }
  }

  private static List<HttpMethod> methodsOf(Route route) {
    List<HttpMethod> out = new ArrayList<>();
    if (route.methods() != null) {
      for (HttpMethod m : route.methods()) {
        if (!m.equals(HttpMethod.HEAD) && !m.equals(HttpMethod.OPTIONS)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Vert.x {@code :name} parameters as OpenAPI {@code {name}}. */
  static String template(String vertxPath) {
    return vertxPath.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
  }

  private static String join(String prefix, String path) {
    return prefix.isEmpty() ? path : prefix + (path.startsWith("/") ? path : "/" + path);
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
