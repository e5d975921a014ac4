package vn.cantho.ioc.core.map;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.live.DeviceStatus;

/** Devices counted by status and by domain: a cluster's or the summary's. Not thread-safe. */
final class Tally {
  private final int[] byStatus = new int[DeviceStatus.values().length];
  private final Map<String, Integer> byDomain = new TreeMap<>();
  private long total;

  void add(Domain domain, DeviceStatus status, int n) {
    if (n <= 0) {
      return;
    }
    total += n;
    byStatus[status.ordinal()] += n;
    byDomain.merge(domain.code(), n, Integer::sum);
  }

  long total() {
    return total;
  }

  JsonObject status() {
    JsonObject json = new JsonObject();
    for (DeviceStatus s :
        new DeviceStatus[] {DeviceStatus.ONLINE, DeviceStatus.OFFLINE, DeviceStatus.UNKNOWN}) {
      json.put(s.code(), byStatus[s.ordinal()]);
    }
    return json;
  }

  JsonObject domains() {
    return new JsonObject(Map.copyOf(byDomain));
  }
}
