package vn.cantho.ioc.core.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * Reads a device registry file ({@code {"devices":[{"id","domain","type","name","lon","lat",
 * "reportIntervalS"}]}}, see docs/device-registry.md) and places each device in its zone. Unknown
 * fields are ignored so the file can carry more than the server needs.
 */
public final class RegistryFileReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ZoneIndex zones;
  private final Set<Domain> domains;

  /**
   * @param domains those the node serves ({@code MetricCatalog.domains()}): others are refused
   */
  public RegistryFileReader(ZoneIndex zones, Set<Domain> domains) {
    this.zones = zones;
    this.domains = Set.copyOf(domains);
  }

  public List<Device> read(Path file) throws IOException {
    JsonNode devices = MAPPER.readTree(Files.readAllBytes(file)).path("devices");
    if (!devices.isArray()) {
      throw new IOException(file + ": a registry needs a \"devices\" array");
    }
    List<Device> out = new ArrayList<>(devices.size());
    int index = 0;
    for (JsonNode node : devices) {
      try {
        out.add(toDevice(node));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": device " + index + ": " + e.getMessage(), e);
      }
      index++;
    }
    return out;
  }

  private Device toDevice(JsonNode node) {
    String domainCode = node.path("domain").asText();
    Domain domain =
        Domain.fromCode(domainCode)
            .filter(domains::contains)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown domain '" + domainCode + "': this node serves " + domains));
    if (!node.path("lon").isNumber() || !node.path("lat").isNumber()) {
      throw new IllegalArgumentException("lon and lat must be numbers");
    }
    double lon = node.path("lon").asDouble();
    double lat = node.path("lat").asDouble();
    String zoneId = zones.locate(lon, lat).map(Zone::id).orElse(null);
    return new Device(
        node.path("id").asText(),
        domain,
        node.path("type").asText(""),
        node.path("name").asText(node.path("id").asText()),
        lon,
        lat,
        zoneId,
        node.path("reportIntervalS").asInt(60),
        node.path("owner").asText(null));
  }
}
