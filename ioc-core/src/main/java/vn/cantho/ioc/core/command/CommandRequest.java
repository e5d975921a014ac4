package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.cantho.ioc.core.device.Device;

/**
 * A request to carry out one action on one or more devices.
 *
 * @param target the label of what was addressed ({@code device:sl-1}, {@code cabinet:tu-31135-01})
 * @param devices the devices it resolves to (a feature resolves its groups), at least one
 * @param params the action's parameters, sent as they are
 * @param desired the state the action makes the devices' twins want, metric → value (e.g. {@code
 *     state=1, dim=70}); empty for an action that sets no state (a reset)
 * @param requestedBy the user, or {@code schedule:<name>} for a schedule
 * @param timeout how long each device has to answer, from the request
 */
public record CommandRequest(
    String target,
    List<Device> devices,
    String action,
    JsonObject params,
    Map<String, Double> desired,
    String requestedBy,
    CommandOrigin origin,
    Duration timeout) {
  public CommandRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(origin, "origin");
    devices = List.copyOf(devices);
    desired = Map.copyOf(desired);
    params = params == null ? new JsonObject() : params.copy();
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least one device");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }
}
