package vn.cantho.ioc.core.feature;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import vn.cantho.ioc.core.auth.Caller;

/**
 * A call of a feature's route, read off the HTTP request before the handler runs.
 *
 * @param caller who calls, with role and scope ({@link Caller#sees})
 * @param path the route's path parameters
 * @param query the query parameters (the first value of each)
 * @param body the JSON body of a POST, else empty
 */
public record FeatureRequest(
    Caller caller, Map<String, String> path, Map<String, String> query, JsonObject body) {
  public FeatureRequest {
    path = Map.copyOf(path);
    query = Map.copyOf(query);
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
