package vn.cantho.ioc.flood.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The stations file ({@code ioc flood import FILE}, and the demo's bundled one): a {@code stations}
 * array of objects with {@code deviceId}, {@code name}, {@code levelMetric} (default {@code
 * level}), {@code levels} {@code {bd1, bd2, bd3}} in cm, optional {@code hysteresisCm}, {@code
 * confirmSamples}, {@code riseCmPerHour} and {@code wards} (zone ids). docs/flood.md has an
 * example.
 */
public final class StationFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The demo's stations: the simulated gauges and the Cái Khế pumping station. */
  public static final String DEMO_RESOURCE = "vn/cantho/ioc/flood/demo-stations.json";

  private StationFile() {}

  /**
   * @throws IllegalArgumentException naming the station and field at fault
   */
  public static List<FloodStation> read(InputStream in) throws IOException {
    JsonNode root = JSON.readTree(in);
    JsonNode stations = root == null ? null : root.get("stations");
    if (stations == null || !stations.isArray()) {
      throw new IllegalArgumentException("a stations file has a \"stations\" array");
    }
    List<FloodStation> out = new ArrayList<>();
    for (int i = 0; i < stations.size(); i++) {
      out.add(station("stations[" + i + "]", stations.get(i)));
    }
    return out;
  }

  public static List<FloodStation> demo() throws IOException {
    try (InputStream in = StationFile.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IOException("missing resource " + DEMO_RESOURCE);
      }
      return read(in);
    }
  }

  /** One station from its JSON object (the API's PUT body has the same fields). */
  public static FloodStation station(String where, JsonNode s) {
    try {
      String id = text(where, s, "deviceId");
      JsonNode levels = s.path("levels");
      List<String> wards = new ArrayList<>();
      s.path("wards").forEach(w -> wards.add(w.asText()));
      JsonNode rise = s.get("riseCmPerHour");
      return new FloodStation(
          id,
          text(where, s, "name"),
          s.path("levelMetric").asText("level"),
          new AlarmLevels(
              number(where, levels, "bd1"),
              number(where, levels, "bd2"),
              number(where, levels, "bd3")),
          s.path("hysteresisCm").asDouble(FloodStation.DEFAULT_HYSTERESIS_CM),
          s.path("confirmSamples").asInt(FloodStation.DEFAULT_CONFIRM_SAMPLES),
          rise == null || rise.isNull() ? null : rise.asDouble(),
          wards);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(String where, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(field + " is required text");
    }
    return v.asText();
  }

  private static double number(String where, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException("levels." + field + " is a required number (cm)");
    }
    return v.asDouble();
  }
}
