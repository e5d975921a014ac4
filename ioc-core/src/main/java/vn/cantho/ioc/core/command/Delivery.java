package vn.cantho.ioc.core.command;

/**
 * What a transport reports once it has handled a command: {@link CommandStatus#SENT} when the
 * device's answer comes later through {@link CommandReplies} (MQTT), or a final status when the
 * transport itself knows the outcome (an OPC UA write's StatusCode).
 *
 * @param detail why, in a few words (an OPC UA status name, a broker reason code); may be null
 */
public record Delivery(CommandStatus status, String detail) {
  public static Delivery sent() {
    return new Delivery(CommandStatus.SENT, null);
  }

  public static Delivery failed(String detail) {
    return new Delivery(CommandStatus.FAILED, detail);
  }
}
