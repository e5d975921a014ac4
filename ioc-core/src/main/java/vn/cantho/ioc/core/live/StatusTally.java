package vn.cantho.ioc.core.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

/**
 * How many devices of each zone and domain the live feed last saw online or offline, kept as the
 * feed's statuses change (on each reading flushed and each 10-second sweep), so the map's summary
 * sums a few hundred numbers instead of judging every device per request. Devices the feed has not
 * judged yet are unknown: the registry's count minus these.
 *
 * <p>Written on the feed's event loop only; read from any thread.
 */
public final class StatusTally {
  private final Map<Key, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** What one device counts under: it keeps its old key until the feed judges it again. */
  record Mark(String zoneId, Domain domain, DeviceStatus status) {
    static Mark of(Device device, DeviceStatus status) {
      return new Mark(device.zoneId(), device.domain(), status);
    }
  }

  private record Key(String zoneId, Domain domain, DeviceStatus status) {}

  void move(Mark before, Mark after) {
    if (after.equals(before)) {
      return;
    }
    if (before != null) {
      AtomicInteger n = counts.get(new Key(before.zoneId(), before.domain(), before.status()));
      if (n != null) {
        n.decrementAndGet();
      }
    }
    counts
        .computeIfAbsent(
            new Key(after.zoneId(), after.domain(), after.status()), k -> new AtomicInteger())
        .incrementAndGet();
  }

  /** Devices of the zone (null: outside every zone) and domain last judged with this status. */
  public int count(String zoneId, Domain domain, DeviceStatus status) {
    AtomicInteger n = counts.get(new Key(zoneId, domain, status));
    return n == null ? 0 : Math.max(0, n.get());
  }
}
