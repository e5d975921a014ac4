package vn.cantho.ioc.core.farm;

import java.util.List;

/**
 * A pond or river cage on the digital farm map: whose it is, what is raised in it (its species
 * profile chooses its default rules), where it is and which probes measure it.
 *
 * @param polygon GeoJSON Polygon in lon/lat, or null when only the point is known
 */
public record Pond(
    String id,
    String farmId,
    String farmName,
    String owner,
    String name,
    String profile,
    Double areaM2,
    String polygon,
    double lon,
    double lat,
    String zoneId,
    List<String> probes) {
  public Pond {
    probes = List.copyOf(probes);
  }
}
