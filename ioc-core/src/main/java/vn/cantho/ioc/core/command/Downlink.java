package vn.cantho.ioc.core.command;

import java.util.concurrent.CompletionStage;
import vn.cantho.ioc.core.device.Device;

/**
 * A transport that carries commands to devices: MQTT for devices that speak it, OPC UA writes for
 * the devices an OPC UA server exposes. Like Eclipse Hono's protocol adapters, the same adapter
 * that brings a device's telemetry in carries its commands out. The command service asks each
 * downlink in turn whether it {@link #reaches} a device and sends through the first that does.
 */
public interface Downlink {
  /** A short name for logs and the command's detail: {@code mqtt}, {@code opcua}. */
  String name();

  /** Whether this transport can address the device (and the action, where it depends on it). */
  boolean reaches(Device device, String action);

  /**
   * Hands a command over without blocking the caller. The stage completes with {@link
   * Delivery#sent()} when the device's answer will come through {@link CommandReplies}, with a
   * final status when the transport knows the outcome, or exceptionally (read as FAILED).
   */
  CompletionStage<Delivery> send(OutgoingCommand command);
}
