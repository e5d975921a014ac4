package vn.cantho.ioc.sharing.feed;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An event as the feed serves it and webhooks carry it.
 *
 * @param id its place in this node's feed: ascending, the pull cursor's key
 */
public record FeedEvent(
    long id,
    String dataset,
    String type,
    Instant at,
    String zoneId,
    String owner,
    JsonObject data) {
  /** The JSON both the pull feed and a webhook's body give. */
  public JsonObject json() {
    return new JsonObject()
        .put("id", id)
        .put("dataset", dataset)
        .put("type", type)
        .put("at", at.toString())
        .put("zoneId", zoneId)
        .put("data", data);
  }
}
