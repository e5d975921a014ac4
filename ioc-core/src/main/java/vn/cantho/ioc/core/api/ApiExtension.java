package vn.cantho.ioc.core.api;

import io.vertx.ext.web.Router;

/**
 * Routes another module adds to the API, such as the HTTP ingest adapter, so the edges stay in
 * {@code adapters} while there is still one HTTP server.
 */
public interface ApiExtension {
  /** Adds routes under {@code /api/v1/}; handlers must not block the event loop. */
  void mount(Router router);
}
