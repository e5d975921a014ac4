package vn.cantho.ioc.core.map;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceFilter;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.live.DeviceStatus;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.StatusTally;

/**
 * The devices of the caller's whole scope under the zone and domain filters, not only the view's:
 * totals by status and domain. Sums the registry's counts per zone and domain and the live feed's
 * tally of their statuses (a few hundred numbers); only an owner's scope (a farmer's few probes) is
 * judged device by device.
 */
final class MapSummary {
  private final DeviceRegistry registry;
  private final LatestState latest;
  private final StatusTally statuses;

  MapSummary(DeviceRegistry registry, LatestState latest, StatusTally statuses) {
    this.registry = registry;
    this.latest = latest;
    this.statuses = statuses;
  }

  JsonObject of(Caller caller, DeviceFilter asked, Instant now) {
    Tally tally = new Tally();
    String owner = caller.deviceScope().owner();
    if (owner != null) {
      for (Device d : registry.owned(owner)) {
        if (matches(asked, d.zoneId(), d) && caller.sees(d)) {
          tally.add(d.domain(), DeviceStatus.of(d, latest.lastSeen(d.id()), now), 1);
        }
      }
    } else {
      List<String> zones = caller.zoneScope();
      for (Map.Entry<DeviceRegistry.Slice, Integer> e : registry.counts().entrySet()) {
        DeviceRegistry.Slice slice = e.getKey();
        if ((zones != null && (slice.zoneId() == null || !zones.contains(slice.zoneId())))
            || (asked.zoneId() != null && !asked.zoneId().equals(slice.zoneId()))
            || (asked.domain() != null && !asked.domain().equals(slice.domain()))) {
          continue;
        }
        int n = e.getValue();
        // The tally lags the registry by up to a sweep: never more judged than there are.
        int online =
            Math.min(n, statuses.count(slice.zoneId(), slice.domain(), DeviceStatus.ONLINE));
        int offline =
            Math.min(
                n - online, statuses.count(slice.zoneId(), slice.domain(), DeviceStatus.OFFLINE));
        tally.add(slice.domain(), DeviceStatus.ONLINE, online);
        tally.add(slice.domain(), DeviceStatus.OFFLINE, offline);
        tally.add(slice.domain(), DeviceStatus.UNKNOWN, n - online - offline);
      }
    }
    return new JsonObject()
        .put("total", tally.total())
        .put("status", tally.status())
        .put("domains", tally.domains());
  }

  private static boolean matches(DeviceFilter asked, String zoneId, Device d) {
    return (asked.zoneId() == null || asked.zoneId().equals(zoneId))
        && (asked.domain() == null || asked.domain().equals(d.domain()));
  }
}
