package vn.cantho.ioc.core.api;

import io.vertx.ext.web.Router;
import java.util.List;
import vn.cantho.ioc.core.feature.FeatureRoutes;

/**
 * Routes another module adds to the API, such as the HTTP ingest adapter, so the edges stay in
 * {@code adapters} while there is still one HTTP server.
 */
public interface ApiExtension {
  /** Adds routes under {@code /api/v1/}; handlers must not block the event loop. */
  default void mount(Router router) {}

  /**
   * The same, with the kernel's routes for signed-in callers (authentication, permission, worker
   * pool, error mapping), as features use them.
   */
  default void mount(Router router, FeatureRoutes routes) {
    mount(router);
  }

  /**
   * Class-path resources (of this extension's class loader) describing the routes {@link #mount}
   * adds: OpenAPI fragments merged into {@value OpenApi#PATH}, see {@link OpenApi}. A route left
   * out fails the API's contract test.
   */
  default List<String> openApiFragments() {
    return List.of();
  }

  /**
   * Web paths of the console scripts of what this extension adds ({@code features/water.js}),
   * served from the class-path folder {@code webroot/}; listed at {@code /api/v1/features}.
   */
  default List<String> consoleScripts() {
    return List.of();
  }
}
