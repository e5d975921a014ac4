package vn.cantho.ioc.core.export;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Something that happened to a dataset's row, as pushed to and pulled by other systems.
 *
 * @param sourceId its id in the dataset's own log (ascending, with gaps)
 * @param type e.g. {@code alert.raised}, {@code incident.transition}
 * @param zoneId where it happened, for the caller's scope; null outside every zone
 * @param owner whose it is (a farmer's device), or null; a farmer never reads the feed
 * @param data the event's details, times ISO-8601
 */
public record ShareEvent(
    long sourceId, Instant at, String type, String zoneId, String owner, JsonObject data) {}
