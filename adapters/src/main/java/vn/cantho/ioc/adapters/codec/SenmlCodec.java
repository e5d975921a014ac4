package vn.cantho.ioc.adapters.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import vn.cantho.ioc.core.device.DeviceIds;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;

/**
 * SenML (RFC 8428) in its JSON form. A record's name is base name + name, and must read {@code
 * <deviceId>/<metric>}; times are base time + time in seconds, where values below 2^28 are relative
 * to now (RFC 8428 §4.5.3). Numeric ({@code v}) and boolean ({@code vb}, stored as 1/0) values are
 * taken; string and data values are refused item by item.
 *
 * <pre>[{"bn":"wq-0001/","bt":1.7958e9,"n":"do","u":"mg/L","v":5.1},{"n":"ph","v":7.8}]</pre>
 */
public final class SenmlCodec {
  private static final double RELATIVE_LIMIT = 1 << 28;

  private SenmlCodec() {}

  /**
   * Decodes a pack. {@code expectedDevice} (from an MQTT topic) must match every record's device;
   * null lets the names choose (HTTP gateways). {@code unitOf} gives the catalog unit of a device's
   * metric, or null when unknown: a record with another unit is refused, never converted.
   */
  public static Decoded decode(
      byte[] payload,
      String expectedDevice,
      Function<Reading, String> unitOf,
      Instant now,
      String source) {
    JsonNode pack;
    try {
      pack = Json.parse(payload);
    } catch (java.io.IOException e) {
      return Decoded.whole("malformed SenML: " + Json.message(e));
    }
    if (pack == null || !pack.isArray() || pack.isEmpty()) {
      return Decoded.whole("SenML pack must be a non-empty JSON array of records");
    }
    List<Reading> readings = new ArrayList<>();
    List<Decoded.ItemError> errors = new ArrayList<>();
    String baseName = "";
    double baseTime = 0;
    String baseUnit = null;
    for (JsonNode record : pack) {
      if (!record.isObject()) {
        errors.add(new Decoded.ItemError("SenML record must be an object", record.toString()));
        continue;
      }
      // Base fields apply to this record and every later one (RFC 8428 §4.1).
      if (record.has("bn")) {
        baseName = record.path("bn").asText();
      }
      if (record.has("bt")) {
        baseTime = record.path("bt").asDouble();
      }
      if (record.has("bu")) {
        baseUnit = record.path("bu").asText();
      }
      String problem = null;
      String name = baseName + record.path("n").asText("");
      int slash = name.lastIndexOf('/');
      String device = slash > 0 ? name.substring(0, slash) : null;
      String metric = slash > 0 ? name.substring(slash + 1) : name;
      Double value = value(record);
      if (device == null || !DeviceIds.isValid(device) || metric.isEmpty()) {
        problem = "SenML name '" + name + "' must be <deviceId>/<metric>";
      } else if (expectedDevice != null && !expectedDevice.equals(device)) {
        problem = "SenML name '" + name + "' is not for device " + expectedDevice;
      } else if (value == null) {
        problem = "SenML record for '" + name + "' has no numeric (v) or boolean (vb) value";
      } else if (!record.path("t").isMissingNode() && !record.path("t").isNumber()
          || !record.path("bt").isMissingNode() && !record.path("bt").isNumber()) {
        problem = "SenML time must be a number of seconds";
      }
      if (problem != null) {
        errors.add(new Decoded.ItemError(problem, record.toString()));
        continue;
      }
      Instant ts = time(baseTime + record.path("t").asDouble(0), now);
      Reading reading = new Reading(device, metric, ts, value, Quality.GOOD, source);
      String unit = record.has("u") ? record.path("u").asText() : baseUnit;
      String expectedUnit = unitOf.apply(reading);
      if (unit != null && expectedUnit != null && !unit.equals(expectedUnit)) {
        errors.add(
            new Decoded.ItemError(
                "unit '"
                    + unit
                    + "' of '"
                    + name
                    + "' is not the catalog unit '"
                    + expectedUnit
                    + "'",
                record.toString()));
        continue;
      }
      readings.add(reading);
    }
    return new Decoded(readings, errors);
  }

  private static Double value(JsonNode record) {
    JsonNode v = record.get("v");
    if (v != null && v.isNumber()) {
      return v.asDouble();
    }
    JsonNode vb = record.get("vb");
    if (vb != null && vb.isBoolean()) {
      return vb.asBoolean() ? 1.0 : 0.0;
    }
    return null;
  }

  private static Instant time(double seconds, Instant now) {
    if (seconds == 0) {
      return now;
    }
    if (Math.abs(seconds) < RELATIVE_LIMIT) {
      return now.plusNanos((long) (seconds * 1e9));
    }
    return Instant.ofEpochSecond(0, (long) (seconds * 1e9));
  }
}
