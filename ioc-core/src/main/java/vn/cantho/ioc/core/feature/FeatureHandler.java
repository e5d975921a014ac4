package vn.cantho.ioc.core.feature;

import io.vertx.core.json.JsonObject;

/** A feature's route: runs on the worker pool; returns the 200 answer. */
@FunctionalInterface
public interface FeatureHandler {
  JsonObject handle(FeatureRequest request) throws Exception;
}
