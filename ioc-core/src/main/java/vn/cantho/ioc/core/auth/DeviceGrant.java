package vn.cantho.ioc.core.auth;

import java.util.Set;

/**
 * What a device credential allows, once its secret is checked.
 *
 * @param devices the devices it may send for (empty with {@code allDevices} or for a node)
 */
public record DeviceGrant(String username, Kind kind, Set<String> devices, boolean allDevices) {
  /**
   * A device sends for itself, a gateway for its devices, a node subscribes to all uplinks, a
   * scraper (Prometheus) reads {@code /metrics} and nothing else.
   */
  public enum Kind {
    DEVICE,
    GATEWAY,
    NODE,
    SCRAPER;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public DeviceGrant {
    devices = Set.copyOf(devices);
  }

  public boolean maySendFor(String deviceId) {
    return (kind == Kind.DEVICE || kind == Kind.GATEWAY)
        && (allDevices || devices.contains(deviceId));
  }

  /** May send readings at all: a device or a gateway, never a node or a scraper. */
  public boolean sends() {
    return kind == Kind.DEVICE || kind == Kind.GATEWAY;
  }

  public boolean mayReadUplinks() {
    return kind == Kind.NODE;
  }
}
