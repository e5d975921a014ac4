package vn.cantho.ioc.core.export;

import java.util.List;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;

/**
 * The devices an export of readings or alerts may cover: those the caller sees ({@link
 * Caller#sees}), in the zone asked for; null when that is every device, so the query needs no list.
 */
final class DeviceSet {
  private DeviceSet() {}

  static List<String> ids(DeviceRegistry registry, Caller caller, String zone) {
    if (caller.role().seesWholeCity() && zone == null) {
      return null;
    }
    return registry.all().stream()
        .filter(caller::sees)
        .filter(d -> zone == null || zone.equals(d.zoneId()))
        .map(Device::id)
        .toList();
  }
}
