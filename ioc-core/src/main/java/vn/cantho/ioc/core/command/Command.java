package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One command to one device and where it stands.
 *
 * @param seq the row's key, for paging
 * @param id the command's id, on the wire as MQTT correlation data
 * @param batchId shared by the commands of one request to a group
 * @param target what the request addressed, e.g. {@code device:sl-0001}, {@code cabinet:tu-1}
 * @param zoneId the device's zone when the command was issued, for commune scoping
 * @param transport the downlink that carried it ({@code mqtt}, {@code opcua}), null before
 * @param detail why it ended as it did (a device's reason, a status name), may be null
 */
public record Command(
    long seq,
    UUID id,
    UUID batchId,
    String target,
    String deviceId,
    String zoneId,
    String action,
    JsonObject params,
    String requestedBy,
    CommandOrigin origin,
    CommandStatus status,
    String detail,
    String transport,
    Instant createdAt,
    Instant deadline,
    Instant sentAt,
    Instant endedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("batchId", batchId.toString())
        .put("target", target)
        .put("deviceId", deviceId)
        .put("zoneId", zoneId)
        .put("action", action)
        .put("params", params)
        .put("requestedBy", requestedBy)
        .put("origin", origin.code())
        .put("status", status.code())
        .put("detail", detail)
        .put("transport", transport)
        .put("createdAt", createdAt.toString())
        .put("deadline", deadline.toString())
        .put("sentAt", sentAt == null ? null : sentAt.toString())
        .put("endedAt", endedAt == null ? null : endedAt.toString());
  }

  /** A command's status once stored, as listeners and the twins hear it. */
  public record Change(
      UUID commandId, String deviceId, CommandStatus status, String detail, Instant at) {}
}
