package vn.cantho.ioc.core.store;

import java.util.List;
import vn.cantho.ioc.geo.Zone;

/**
 * The zone layer in use, with where it came from and the attribution to show with it.
 *
 * @param source a file name or "bundled demo data"
 */
public record ZoneLayer(List<Zone> zones, String source, String attribution) {
  public ZoneLayer {
    zones = List.copyOf(zones);
  }
}
