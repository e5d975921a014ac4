package vn.cantho.ioc.geo.crs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The coordinate system a GeoJSON file names in its top-level {@code crs} member (GeoJSON 2008's
 * named CRS, still what GIS tools write for a national grid): {@code
 * {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}}. No member is WGS84, as RFC
 * 7946 has it.
 */
public final class GeoJsonCrs {
  private GeoJsonCrs() {}

  /**
   * The file's CRS.
   *
   * @throws IllegalArgumentException naming the CRS when it is not one the IOC reads
   */
  public static GridCrs of(JsonNode root) {
    JsonNode member = root.path("crs");
    if (member.isMissingNode() || member.isNull()) {
      return GridCrs.WGS84;
    }
    String name = member.path("properties").path("name").asText(null);
    return GridCrs.parse(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "crs "
                        + name
                        + " is not one the IOC reads: WGS84 (EPSG:4326, CRS84) or VN-2000"
                        + " (EPSG:4756, 5897, 9209, 3405); docs/vn2000.md"));
  }

  /** Names {@code crs} in the file, unless it is WGS84 (which needs no member). */
  public static void name(ObjectNode root, GridCrs crs) {
    if (crs != GridCrs.WGS84) {
      ObjectNode member = root.putObject("crs");
      member.put("type", "name");
      member.putObject("properties").put("name", "urn:ogc:def:crs:EPSG::" + crs.epsg());
    }
  }
}
