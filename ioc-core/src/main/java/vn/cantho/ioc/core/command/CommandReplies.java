package vn.cantho.ioc.core.command;

import java.util.UUID;

/** Where a transport hands a device's answer to a command it sent earlier. Thread-safe. */
public interface CommandReplies {
  /**
   * @param commandId the command answered (MQTT: the correlation data)
   * @param deviceId the device that answered (MQTT: from the reply topic), checked against the
   *     command so that no device can answer for another
   * @param status {@link CommandStatus#ACKNOWLEDGED} or {@link CommandStatus#REJECTED}
   * @param detail the device's reason, may be null
   */
  void reply(UUID commandId, String deviceId, CommandStatus status, String detail);
}
