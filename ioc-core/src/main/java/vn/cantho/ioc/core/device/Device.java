package vn.cantho.ioc.core.device;

import java.util.Objects;

/**
 * A registered field device, placed on the map.
 *
 * @param zoneId the commune or ward the device stands in, or null when it is outside every zone
 * @param reportIntervalS how often the device is expected to report; decides when it is offline
 * @param owner the user who owns it (a farmer's pond probe), or null for city equipment
 */
public record Device(
    String id,
    Domain domain,
    String type,
    String name,
    double lon,
    double lat,
    String zoneId,
    int reportIntervalS,
    String owner) {

  /** City equipment, owned by nobody in particular. */
  public Device(
      String id,
      Domain domain,
      String type,
      String name,
      double lon,
      double lat,
      String zoneId,
      int reportIntervalS) {
    this(id, domain, type, name, lon, lat, zoneId, reportIntervalS, null);
  }

  public Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain");
    if (!DeviceIds.isValid(id)) {
      throw new IllegalArgumentException("invalid device id: " + id);
    }
    if (reportIntervalS <= 0) {
      throw new IllegalArgumentException("reportIntervalS must be positive: " + id);
    }
  }

  public Device withZone(String zone) {
    return new Device(id, domain, type, name, lon, lat, zone, reportIntervalS, owner);
  }
}
