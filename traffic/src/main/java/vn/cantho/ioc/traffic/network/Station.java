package vn.cantho.ioc.traffic.network;

import java.util.List;

/**
 * A detector station: the detectors across the lanes of one direction at one place of a corridor.
 *
 * @param chainageM distance along the corridor from its start, metres
 * @param devices the registry's devices that report for it
 */
public record Station(
    String id,
    String corridor,
    String direction,
    double chainageM,
    int lanes,
    double lon,
    double lat,
    List<String> devices) {
  public Station {
    devices = List.copyOf(devices);
  }
}
