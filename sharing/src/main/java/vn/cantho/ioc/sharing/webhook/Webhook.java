package vn.cantho.ioc.sharing.webhook;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * A platform's endpoint as registered; its secret is not part of it.
 *
 * @param zones only events of these zones, or null for the whole city
 */
public record Webhook(
    long id,
    String url,
    List<String> datasets,
    List<String> zones,
    String createdBy,
    Instant createdAt,
    boolean active) {
  public Webhook {
    datasets = List.copyOf(datasets);
    zones = zones == null ? null : List.copyOf(zones);
  }

  public JsonObject json() {
    return new JsonObject()
        .put("id", id)
        .put("url", url)
        .put("datasets", new JsonArray(datasets))
        .put("zones", zones == null ? null : new JsonArray(zones))
        .put("createdBy", createdBy)
        .put("createdAt", createdAt.toString())
        .put("active", active);
  }
}
