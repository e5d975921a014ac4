package vn.cantho.ioc.core.api;

import io.vertx.ext.web.RoutingContext;
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

/**
 * {@code GET /api/v1/zones}: the zone boundaries the caller works in as GeoJSON: the city's for
 * city-wide roles (encoded once), a commune operator's own zones, the zones of an owner's devices.
 */
final class ZonesHandler {
  private final ZoneIndex zones;
  private final DeviceRegistry registry;
  private final Map<String, String> properties;
  private final String wholeCity;

  ZonesHandler(ZoneIndex zones, DeviceRegistry registry, String attribution) {
    this.zones = zones;
    this.registry = registry;
    this.properties = Map.of("attribution", attribution);
    this.wholeCity = GeoJsonZones.write(zones.zones(), properties);
  }

  void handle(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    if (caller.role().seesWholeCity()) {
      Responses.json(ctx, 200, wholeCity);
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
    Responses.json(ctx, 200, GeoJsonZones.write(visible, properties));
  }
}
