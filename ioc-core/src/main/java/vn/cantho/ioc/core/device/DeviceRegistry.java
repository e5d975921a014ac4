package vn.cantho.ioc.core.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The devices the system knows, in memory and ordered by id. Ingest validates against it on every
 * reading and the API pages through it, so both must be cheap and safe from any thread. The
 * database ({@code DeviceStore}) is the durable copy.
 */
public final class DeviceRegistry {
  private final ConcurrentNavigableMap<String, Device> devices = new ConcurrentSkipListMap<>();

  public void put(Device device) {
    devices.put(device.id(), device);
  }

  public void putAll(Collection<Device> all) {
    all.forEach(this::put);
  }

  public Optional<Device> find(String id) {
    return Optional.ofNullable(devices.get(id));
  }

  public int size() {
    return devices.size();
  }

  public Collection<Device> all() {
    return devices.values();
  }

  /**
   * One page of the devices that match, in id order, starting after {@code afterId}. Keyset paging
   * keeps pages stable while devices are added: a new device lands in its place by id and never
   * shifts the pages around it.
   */
  public Page page(Predicate<Device> filter, String afterId, int limit) {
    Collection<Device> tail =
        afterId == null ? devices.values() : devices.tailMap(afterId, false).values();
    List<Device> items = new ArrayList<>(Math.min(limit, 1024));
    boolean more = false;
    for (Device device : tail) {
      if (!filter.test(device)) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(device);
    }
    long total = devices.values().stream().filter(filter).count();
    return new Page(List.copyOf(items), total, more);
  }

  /** A page of devices; {@code more} tells whether a next page exists. */
  public record Page(List<Device> items, long total, boolean more) {}
}
