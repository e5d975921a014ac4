package vn.cantho.ioc.core.health;

import io.vertx.core.Future;

/** A part of the system that can tell whether it works: database, broker, ingest... */
public interface HealthIndicator {
  String name();

  /** Must not block: do blocking checks on a worker and complete the future from there. */
  Future<Health> check();
}
