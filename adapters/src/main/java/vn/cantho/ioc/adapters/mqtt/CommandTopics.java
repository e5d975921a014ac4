package vn.cantho.ioc.adapters.mqtt;

import java.util.Optional;
import vn.cantho.ioc.core.device.DeviceIds;

/**
 * The downlink topic scheme (docs/commands.md): the node publishes a device's commands on {@code
 * cantho/v1/{domain}/{deviceId}/down}; the device answers on {@code .../reply}.
 */
public final class CommandTopics {
  /** Every device's answers: what the node subscribes to. */
  public static final String REPLY_FILTER = "cantho/v1/+/+/reply";

  /** Every device's downlink: what an all-devices gateway may subscribe to. */
  public static final String DOWN_FILTER = "cantho/v1/+/+/down";

  private CommandTopics() {}

  public static String down(String domain, String deviceId) {
    return "cantho/v1/" + domain + "/" + deviceId + "/down";
  }

  public static String reply(String domain, String deviceId) {
    return "cantho/v1/" + domain + "/" + deviceId + "/reply";
  }

  /** The device of a reply topic, or empty when the topic is not one. */
  public static Optional<String> replyingDevice(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length == 5
        && parts[0].equals("cantho")
        && parts[1].equals("v1")
        && parts[4].equals("reply")
        && !parts[2].isEmpty()
        && DeviceIds.isValid(parts[3])) {
      return Optional.of(parts[3]);
    }
    return Optional.empty();
  }
}
