package vn.cantho.ioc.core.map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.live.DeviceStatus;

/**
 * The visible devices of one cluster cell: their count, mean position, statuses, domains and the
 * box around them (the console zooms to it); and the first of them, shown alone if it stays alone.
 */
final class Cluster {
  private final Tally tally = new Tally();
  private double sumLon;
  private double sumLat;
  private double west = Double.POSITIVE_INFINITY;
  private double south = Double.POSITIVE_INFINITY;
  private double east = Double.NEGATIVE_INFINITY;
  private double north = Double.NEGATIVE_INFINITY;
  private Device first;
  private DeviceStatus firstStatus;

  void add(Device d, DeviceStatus status) {
    if (first == null) {
      first = d;
      firstStatus = status;
    }
    tally.add(d.domain(), status, 1);
    sumLon += d.lon();
    sumLat += d.lat();
    west = Math.min(west, d.lon());
    east = Math.max(east, d.lon());
    south = Math.min(south, d.lat());
    north = Math.max(north, d.lat());
  }

  long count() {
    return tally.total();
  }

  Device first() {
    return first;
  }

  DeviceStatus firstStatus() {
    return firstStatus;
  }

  JsonObject json() {
    long n = tally.total();
    return new JsonObject()
        .put("lat", sumLat / n)
        .put("lon", sumLon / n)
        .put("count", n)
        .put("status", tally.status())
        .put("domains", tally.domains())
        .put("bbox", new JsonArray().add(west).add(south).add(east).add(north));
  }
}
