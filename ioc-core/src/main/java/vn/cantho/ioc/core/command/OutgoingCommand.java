package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import vn.cantho.ioc.core.device.Device;

/**
 * What a transport carries to one device.
 *
 * @param id the command's id; MQTT sends it as correlation data, the device's answer names it
 * @param device the device addressed
 * @param action what to do, e.g. {@code set}
 * @param params the action's parameters, e.g. {@code {"state":1,"dim":70}}
 * @param issuedAt when the command was stored
 * @param deadline when it times out; a transport should not deliver it later (MQTT message expiry)
 */
public record OutgoingCommand(
    UUID id, Device device, String action, JsonObject params, Instant issuedAt, Instant deadline) {}
