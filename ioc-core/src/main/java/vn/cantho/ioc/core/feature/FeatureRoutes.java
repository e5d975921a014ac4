package vn.cantho.ioc.core.feature;

/**
 * Where a feature adds its HTTP routes. Each route is for signed-in callers who hold the permission
 * (401 without a valid token, 403 without the permission, audited like every denial); the handler
 * runs on the kernel's worker pool, so it may use the database; what it returns is the 200 JSON
 * answer, and a {@code BadRequest} it throws becomes a 400 with its message.
 */
public interface FeatureRoutes {
  void get(String path, FeaturePermission permission, FeatureHandler handler);

  /** The body is a JSON object of at most 16 KiB, refused with 400 otherwise. */
  void post(String path, FeaturePermission permission, FeatureHandler handler);
}
