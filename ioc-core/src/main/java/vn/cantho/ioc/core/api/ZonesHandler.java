package vn.cantho.ioc.core.api;

import io.vertx.ext.web.RoutingContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.geo.GeoJsonZones;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.geo.crs.GridCrs;

/**
 * {@code GET /api/v1/zones}: the zone boundaries the caller works in as GeoJSON: the city's for
 * city-wide roles (encoded once per grid), a commune operator's own zones, the zones of an owner's
 * devices; in WGS84, or in VN-2000 with {@code crs} (docs/vn2000.md).
 */
final class ZonesHandler {
  private final ZoneIndex zones;
  private final DeviceRegistry registry;
  private final Map<String, String> properties;
  private final Map<GridCrs, String> wholeCity = new EnumMap<>(GridCrs.class);

  ZonesHandler(ZoneIndex zones, DeviceRegistry registry, String attribution) {
    this.zones = zones;
    this.registry = registry;
    this.properties = Map.of("attribution", attribution);
    // Every grid encoded at start: converting the city's boundaries is not event-loop work.
    for (GridCrs crs : GridCrs.values()) {
      wholeCity.put(crs, GeoJsonZones.write(zones.zones(), properties, crs));
    }
  }

  void handle(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    String asked = QueryParams.text(ctx, "crs");
    GridCrs crs =
        asked == null
            ? GridCrs.WGS84
            : GridCrs.parse(asked)
                .orElseThrow(
                    () ->
                        new BadRequest(
                            "crs must be EPSG:4326, 4756, 5897, 9209 or 3405 (docs/vn2000.md)"));
    if (caller.role().seesWholeCity()) {
      Responses.json(ctx, 200, wholeCity.get(crs));
      return;
    }
    List<String> scoped = caller.zoneScope();
    Set<String> mine =
        scoped != null
            ? Set.copyOf(scoped)
            : registry.all().stream()
                .filter(caller::sees)
                .map(Device::zoneId)
                .filter(z -> z != null)
                .collect(Collectors.toSet());
    List<Zone> visible = zones.zones().stream().filter(z -> mine.contains(z.id())).toList();
    Responses.json(ctx, 200, GeoJsonZones.write(visible, properties, crs));
  }
}
