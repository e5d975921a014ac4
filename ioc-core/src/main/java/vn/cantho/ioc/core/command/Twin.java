package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What the city wants a device to be: the desired side of its twin. The reported side is its latest
 * readings ({@link vn.cantho.ioc.core.live.LatestState}).
 *
 * @param action and {@code params}: the command that expresses the desired state, re-sent as it is
 * @param commandId the newest command that set or re-sent it
 */
public record Twin(
    String deviceId,
    Map<String, Double> desired,
    String action,
    JsonObject params,
    UUID commandId,
    Instant setAt,
    String setBy) {
  public Twin {
    desired = Map.copyOf(desired);
  }

  Twin resentAs(UUID command) {
    return new Twin(deviceId, desired, action, params, command, setAt, setBy);
  }
}
