package vn.cantho.ioc.water.farm;

import java.util.List;
import vn.cantho.ioc.core.auth.Caller;

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

  /** The kernel's scope rule: a commune operator's zones, a farmer's own, or the whole city. */
  public boolean seenBy(Caller caller) {
    return caller.sees(zoneId, owner);
  }
}
