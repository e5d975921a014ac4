package vn.cantho.ioc.core.device;

import java.util.Set;

/**
 * Which devices a caller may see, as the registry can look them up without a scan: a set of zones
 * (a commune operator's), an owner's own, or everything (null for both).
 */
public record DeviceScope(Set<String> zones, String owner) {
  public static final DeviceScope ALL = new DeviceScope(null, null);

  public DeviceScope {
    zones = zones == null ? null : Set.copyOf(zones);
    if (zones != null && owner != null) {
      throw new IllegalArgumentException("a scope is zones or an owner, not both");
    }
  }

  public static DeviceScope zones(Set<String> zones) {
    return new DeviceScope(zones, null);
  }

  public static DeviceScope owner(String owner) {
    return new DeviceScope(null, owner);
  }

  public boolean contains(Device d) {
    return (zones == null || (d.zoneId() != null && zones.contains(d.zoneId())))
        && (owner == null || owner.equals(d.owner()));
  }
}
