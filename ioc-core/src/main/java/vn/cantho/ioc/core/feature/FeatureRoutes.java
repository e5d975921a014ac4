package vn.cantho.ioc.core.feature;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.DeviceJson;
import vn.cantho.ioc.core.auth.Permission;

/**
 * Where a feature adds its HTTP routes. Each route is for signed-in callers who hold the permission
 * (401 without a valid token, 403 without the permission, audited like every denial). A {@link
 * FeatureHandler} runs on the kernel's worker pool, so it may use the database; what it returns is
 * the 200 JSON answer, and a {@code BadRequest} it throws becomes a 400 with its message.
 */
public interface FeatureRoutes {
  void get(String path, FeaturePermission permission, FeatureHandler handler);

  /** The body is a JSON object of at most 16 KiB, refused with 400 otherwise. */
  void post(String path, FeaturePermission permission, FeatureHandler handler);

  /**
   * A route whose Vert.x handler answers itself (status, headers), for what a JSON-in, 200-out
   * handler cannot say (201, 404, a conflict). Before it runs the kernel has authenticated the
   * caller ({@link Authn#caller}), checked the permission, and read a body of at most 16 KiB for
   * PUT and POST; a failure it raises ({@code ctx.fail} or a throw) is mapped like every route's.
   * It runs on the event loop: blocking work goes to {@link #worker()}.
   */
  void route(
      HttpMethod method,
      String path,
      FeaturePermission permission,
      Handler<RoutingContext> handler);

  /** The same, for a kernel permission (most reads need {@link Permission#READ_MAP}). */
  void route(
      HttpMethod method, String path, Permission permission, Handler<RoutingContext> handler);

  /**
   * Mounts a router that answers without sign-in (open data, such as SensorThings at {@code
   * /sta/v1.0}) under {@code path}, which must lie outside {@code /api/}. The kernel adds nothing
   * but its security headers: the feature authenticates its writes, limits its bodies and rates,
   * and maps its own errors.
   */
  void mountOpen(String path, io.vertx.ext.web.Router router);

  /** The kernel's bounded pool for blocking work of request handlers. */
  WorkerExecutor worker();

  /** Who calls, denials (audited, or hidden as 404) and the audit of what callers change. */
  Authn authn();

  /** The one JSON shape of a device, with its latest values. */
  DeviceJson deviceJson();
}
