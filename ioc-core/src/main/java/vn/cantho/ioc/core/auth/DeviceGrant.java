package vn.cantho.ioc.core.auth;

import java.util.Set;

/**
 * What a device credential allows, once its secret is checked.
 *
 * @param devices the devices it may send for (empty with {@code allDevices} or for a node)
 */
public record DeviceGrant(String username, Kind kind, Set<String> devices, boolean allDevices) {
  /** A device sends for itself, a gateway for its devices, a node subscribes to all uplinks. */
  public enum Kind {
    DEVICE,
    GATEWAY,
    NODE;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public DeviceGrant {
    devices = Set.copyOf(devices);
  }

  public boolean maySendFor(String deviceId) {
    return kind != Kind.NODE && (allDevices || devices.contains(deviceId));
  }

  public boolean mayReadUplinks() {
    return kind == Kind.NODE;
  }
}
