package vn.cantho.ioc.adapters.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The project's JSON payload (docs/payloads.md):
 *
 * <pre>{"ts": "2026-11-23T06:00:00Z", "values": {"do": 5.12, "ph": 7.81}}</pre>
 *
 * {@code ts} is optional (the receive time is used when absent); several metrics may share one
 * message. The device is named by the topic, never by the payload, so a device cannot write as
 * another.
 */
public final class JsonReadingCodec {
  private JsonReadingCodec() {}

  public static Decoded decode(String deviceId, byte[] payload, Instant receivedAt, String source) {
    JsonNode root;
    try {
      root = Json.parse(payload);
    } catch (IOException e) {
      return Decoded.whole("malformed JSON: " + Json.message(e));
    }
    return decode(deviceId, root, receivedAt, source);
  }

  /** Decodes one message already parsed, e.g. an element of an HTTP batch. */
  public static Decoded decode(String deviceId, JsonNode root, Instant receivedAt, String source) {
    if (root == null || !root.isObject()) {
      return Decoded.whole("payload must be a JSON object");
    }
    Instant ts;
    JsonNode tsNode = root.get("ts");
    if (tsNode == null || tsNode.isNull()) {
      ts = receivedAt;
    } else {
      try {
        ts = OffsetDateTime.parse(tsNode.asText()).toInstant();
      } catch (DateTimeParseException e) {
        return Decoded.whole("ts must be an ISO-8601 time with offset, e.g. 2026-11-23T06:00:00Z");
      }
    }
    JsonNode values = root.get("values");
    if (values == null || !values.isObject() || values.isEmpty()) {
      return Decoded.whole("values must be a non-empty object of metric: number");
    }
    List<Reading> readings = new ArrayList<>();
    List<Decoded.ItemError> errors = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        readings.add(
            new Reading(deviceId, e.getKey(), ts, e.getValue().asDouble(), Quality.GOOD, source));
      } else {
        errors.add(
            new Decoded.ItemError(
                "value of '" + e.getKey() + "' is not a number",
                Json.MAPPER.createObjectNode().set(e.getKey(), e.getValue()).toString()));
      }
    }
    return new Decoded(readings, errors);
  }
}
