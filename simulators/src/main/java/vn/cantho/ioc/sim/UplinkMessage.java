package vn.cantho.ioc.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The uplink a field device sends: topic {@code cantho/v1/{domain}/{deviceId}/up} and payload
 * {@code {"ts":"2026-11-23T06:00:00.000Z","values":{"do":5.12,…}}}. The ingest side parses exactly
 * this, so the format is a contract.
 */
public final class UplinkMessage {
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  // Always three fraction digits, unlike Instant.toString, so every payload looks alike.
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Decimals worth sending: about the resolution of a real sensor, no false precision. */
  private static final Map<String, Integer> DECIMALS =
      Map.ofEntries(
          Map.entry(WaterQualityModel.DO, 2),
          Map.entry(WaterQualityModel.PH, 2),
          Map.entry(WaterQualityModel.TEMP, 2),
          Map.entry(WaterQualityModel.SALINITY, 2),
          Map.entry(WaterQualityModel.TAN, 3),
          Map.entry(TrafficModel.FLOW, 0),
          Map.entry(TrafficModel.SPEED, 1),
          Map.entry(TrafficModel.OCCUPANCY, 1),
          Map.entry(LightingModel.STATE, 0),
          Map.entry(LightingModel.DIM, 0),
          Map.entry(LightingModel.POWER, 1));

  private static final int DEFAULT_DECIMALS = 3;

  private UplinkMessage() {}

  public static String topic(SimDevice device) {
    return "cantho/v1/" + device.domain() + "/" + device.id() + "/up";
  }

  /** UTF-8 JSON; values keep the map's order and are rounded per metric. */
  public static byte[] payload(Instant ts, Map<String, Double> values) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("ts", TIMESTAMP.format(ts));
    ObjectNode json = root.putObject("values");
    values.forEach((metric, value) -> json.put(metric, rounded(metric, value)));
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot happen for a tree of strings and numbers", e);
    }
  }

  private static BigDecimal rounded(String metric, Double value) {
    if (value == null || !Double.isFinite(value)) {
      throw new IllegalArgumentException(metric + " is not a finite number: " + value);
    }
    int decimals = DECIMALS.getOrDefault(metric, DEFAULT_DECIMALS);
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
  }
}
