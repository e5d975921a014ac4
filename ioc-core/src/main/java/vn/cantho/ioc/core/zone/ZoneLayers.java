package vn.cantho.ioc.core.zone;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.core.store.DeviceStore;
import vn.cantho.ioc.core.store.ZoneLayer;
import vn.cantho.ioc.core.store.ZoneStore;
import vn.cantho.ioc.geo.DemoZones;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneIndex;

/**
 * The zone layer's life cycle: seeded with the bundled demo boundaries on first start, replaced by
 * a city's own layer on import. Every device is placed again whenever the layer changes, because a
 * device's zone is derived from where it stands. Blocking JDBC.
 */
public final class ZoneLayers {
  private static final Logger LOG = LoggerFactory.getLogger(ZoneLayers.class);
  public static final String DEMO_SOURCE = "bundled demo data (can-tho-communes.geojson)";

  private final ZoneStore zones;
  private final DeviceStore devices;

  public ZoneLayers(Database database) {
    this.zones = new ZoneStore(database);
    this.devices = new DeviceStore(database);
  }

  /** The stored layer, seeding the demo boundaries when there is none. */
  public ZoneLayer current() throws SQLException {
    var stored = zones.load();
    if (stored.isPresent()) {
      return stored.get();
    }
    LOG.info("No zone layer yet: loading the bundled Can Tho communes (demo data, see NOTICE)");
    return replace(new ZoneLayer(DemoZones.load(), DEMO_SOURCE, DemoZones.ATTRIBUTION));
  }

  /** Replaces the layer and re-places every device; returns the new layer. */
  public ZoneLayer replace(ZoneLayer layer) throws SQLException {
    zones.replace(layer);
    ZoneIndex index = new ZoneIndex(layer.zones());
    List<Device> moved = new ArrayList<>();
    int outside = 0;
    for (Device d : devices.loadAll()) {
      String zoneId = index.locate(d.lon(), d.lat()).map(Zone::id).orElse(null);
      outside += zoneId == null ? 1 : 0;
      moved.add(d.withZone(zoneId));
    }
    devices.upsert(moved);
    LOG.info(
        "Zone layer: {} zones from {}; {} devices placed, {} outside every zone",
        layer.zones().size(),
        layer.source(),
        moved.size() - outside,
        outside);
    return layer;
  }
}
