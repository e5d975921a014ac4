package vn.cantho.ioc.adapters.codec;

import java.time.Instant;
import java.util.function.Function;
import vn.cantho.ioc.core.reading.Reading;

/**
 * A device's uplink payload, whichever transport carried it (MQTT, Kafka): a SenML pack when it is
 * a JSON array, the project's JSON object otherwise (docs/payloads.md). The transport names the
 * device (topic, record key), never the payload.
 */
public final class DevicePayload {
  private DevicePayload() {}

  public static Decoded decode(
      String deviceId,
      byte[] payload,
      Function<Reading, String> unitOf,
      Instant receivedAt,
      String source) {
    return isSenml(payload)
        ? SenmlCodec.decode(payload, deviceId, unitOf, receivedAt, source)
        : JsonReadingCodec.decode(deviceId, payload, receivedAt, source);
  }

  /** A SenML pack is a JSON array; the project's format is an object. */
  static boolean isSenml(byte[] payload) {
    for (byte b : payload) {
      if (!Character.isWhitespace(b)) {
        return b == '[';
      }
    }
    return false;
  }
}
