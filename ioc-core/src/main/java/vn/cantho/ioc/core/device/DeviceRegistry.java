package vn.cantho.ioc.core.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The devices the system knows, in memory and ordered by id. Ingest validates against it on every
 * reading and the API pages through it, so both must be cheap and safe from any thread. The
 * database ({@code DeviceStore}) is the durable copy.
 *
 * <p>Besides the id order it keeps, on every {@link #put}, the devices of each zone and domain in
 * id order with their count, each owner's devices and a spatial grid ({@link DeviceGrid}): a page
 * of one zone or of a commune operator's zones walks only those zones, its {@code total} is a sum
 * of counts, and a map view touches only the cells it shows. At city scale (100,000 devices) a scan
 * of every device per request is what made the console slow (issue 17).
 */
public final class DeviceRegistry {
  private final ConcurrentNavigableMap<String, Device> devices = new ConcurrentSkipListMap<>();
  // Point lookups (ingest's, several a reading) by hash: the skip list's walk of string compares
  // was a tenth of the node's CPU in the ingest bench (docs/BENCHMARKS.md, seventh session).
  private final Map<String, Device> lookup = new ConcurrentHashMap<>();
  private final Map<Slice, Run> slices = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentNavigableMap<String, Device>> byOwner =
      new ConcurrentHashMap<>();
  private final DeviceGrid grid = new DeviceGrid();
  private final AtomicInteger size = new AtomicInteger();

  /** The devices of one zone (null: outside every zone) and one domain. */
  public record Slice(String zoneId, Domain domain) {}

  /** One slice's devices by id, and how many (a skip list's size is a walk). */
  private static final class Run {
    final ConcurrentNavigableMap<String, Device> byId = new ConcurrentSkipListMap<>();
    final AtomicInteger size = new AtomicInteger();
  }

  /** Told of each {@link #put} after start (the cluster announces it, ADR 0022). */
  private volatile java.util.function.Consumer<Device> onPut = d -> {};

  /**
   * Whom to tell of each device put from now on: the node announces runtime changes (an owner set
   * with a pond) to the cluster's other nodes. {@link #putUnannounced} does not tell it.
   */
  public void onPut(java.util.function.Consumer<Device> listener) {
    onPut = listener;
  }

  /** Adds or replaces a device, and tells the {@link #onPut} listener. */
  public void put(Device device) {
    putUnannounced(device);
    onPut.accept(device);
  }

  /**
   * Adds or replaces a device without telling the listener: a load, or a device another node
   * announced. Writers take turns so the indexes and counts agree.
   */
  public synchronized void putUnannounced(Device device) {
    Device old = devices.put(device.id(), device);
    lookup.put(device.id(), device);
    if (old != null) {
      unindex(old);
    } else {
      size.incrementAndGet();
    }
    Run run = slices.computeIfAbsent(new Slice(device.zoneId(), device.domain()), s -> new Run());
    run.byId.put(device.id(), device);
    run.size.incrementAndGet();
    if (device.owner() != null) {
      byOwner
          .computeIfAbsent(device.owner(), o -> new ConcurrentSkipListMap<>())
          .put(device.id(), device);
    }
    grid.add(device);
  }

  private void unindex(Device old) {
    Run run = slices.get(new Slice(old.zoneId(), old.domain()));
    if (run != null && run.byId.remove(old.id()) != null) {
      run.size.decrementAndGet();
    }
    if (old.owner() != null) {
      Map<String, Device> own = byOwner.get(old.owner());
      if (own != null) {
        own.remove(old.id());
      }
    }
    grid.remove(old);
  }

  public synchronized void putAll(Collection<Device> all) {
    all.forEach(this::putUnannounced); // a load, not a change to announce
  }

  public Optional<Device> find(String id) {
    return Optional.ofNullable(lookup.get(id));
  }

  public int size() {
    return size.get();
  }

  public Collection<Device> all() {
    return devices.values();
  }

  /** The devices in fixed map cells, for views of a part of the map. */
  public DeviceGrid grid() {
    return grid;
  }

  /** An owner's devices (a farmer's probes), in id order; few, so callers may walk them. */
  public Collection<Device> owned(String owner) {
    Map<String, Device> own = byOwner.get(owner);
    return own == null ? List.of() : own.values();
  }

  /**
   * The devices of the given zones (and domain, null for any), for a view narrower than the map's
   * box: a commune operator's or one zone's. Walks only those zones.
   */
  public List<Device> inZones(Set<String> zones, Domain domain) {
    List<Device> out = new ArrayList<>();
    slices.forEach(
        (slice, run) -> {
          if (slice.zoneId() != null
              && zones.contains(slice.zoneId())
              && (domain == null || domain.equals(slice.domain()))) {
            out.addAll(run.byId.values());
          }
        });
    return out;
  }

  /** How many devices each zone and domain holds now: a few hundred numbers, no walk. */
  public Map<Slice, Integer> counts() {
    Map<Slice, Integer> out = new HashMap<>();
    slices.forEach(
        (slice, run) -> {
          int n = run.size.get();
          if (n > 0) {
            out.put(slice, n);
          }
        });
    return out;
  }

  /** {@link #page(DeviceFilter, DeviceScope, String, int)} over every device. */
  public Page page(DeviceFilter filter, String afterId, int limit) {
    return page(filter, DeviceScope.ALL, afterId, limit);
  }

  /**
   * One page of the devices that match the filter and lie in the scope, in id order, starting after
   * {@code afterId}. Keyset paging keeps pages stable while devices are added: a new device lands
   * in its place by id and never shifts the pages around it.
   *
   * <p>What it costs: an owner's scope walks his devices; a box walks the grid cells it covers and
   * sorts what is inside (proportional to the devices in the box); otherwise the page walks only
   * the zones and domains asked for, merged by id, and {@code total} is a sum of kept counts.
   */
  public Page page(DeviceFilter filter, DeviceScope scope, String afterId, int limit) {
    Predicate<Device> wanted = d -> filter.test(d) && scope.contains(d);
    if (scope.owner() != null) {
      ConcurrentNavigableMap<String, Device> own =
          byOwner.getOrDefault(scope.owner(), new ConcurrentSkipListMap<>());
      long total = own.values().stream().filter(wanted).count();
      return walk(tail(own, afterId).values().iterator(), wanted, limit, total);
    }
    if (filter.bbox() != null) {
      return inBox(filter.bbox(), wanted, afterId, limit);
    }
    Set<String> zones = zonesAsked(filter.zoneId(), scope.zones());
    if (zones == null && filter.domain() == null) {
      return walk(tail(devices, afterId).values().iterator(), wanted, limit, size());
    }
    List<Iterable<Device>> runs = new ArrayList<>();
    long total = 0;
    for (Map.Entry<Slice, Run> e : slices.entrySet()) {
      Slice slice = e.getKey();
      if ((zones == null || (slice.zoneId() != null && zones.contains(slice.zoneId())))
          && (filter.domain() == null || filter.domain().equals(slice.domain()))) {
        runs.add(tail(e.getValue().byId, afterId).values());
        total += e.getValue().size.get();
      }
    }
    return walk(IdOrder.of(runs), wanted, limit, total);
  }

  /** The zones a query must stay in: the one asked for within the scope's; null for any. */
  public static Set<String> zonesAsked(String zoneId, Set<String> scopeZones) {
    if (scopeZones == null) {
      return zoneId == null ? null : Set.of(zoneId);
    }
    if (zoneId == null) {
      return scopeZones;
    }
    return scopeZones.contains(zoneId) ? Set.of(zoneId) : Set.of();
  }

  private Page inBox(Bbox box, Predicate<Device> wanted, String afterId, int limit) {
    List<Device> inside = new ArrayList<>();
    grid.devicesIn(
        box,
        d -> {
          if (wanted.test(d)) {
            inside.add(d);
          }
        });
    inside.sort(Comparator.comparing(Device::id));
    int from = 0;
    if (afterId != null) {
      while (from < inside.size() && inside.get(from).id().compareTo(afterId) <= 0) {
        from++;
      }
    }
    int to = Math.min(inside.size(), from + limit);
    return new Page(List.copyOf(inside.subList(from, to)), inside.size(), to < inside.size());
  }

  private static ConcurrentNavigableMap<String, Device> tail(
      ConcurrentNavigableMap<String, Device> map, String afterId) {
    return afterId == null ? map : map.tailMap(afterId, false);
  }

  private static Page walk(Iterator<Device> it, Predicate<Device> wanted, int limit, long total) {
    List<Device> items = new ArrayList<>(Math.min(limit, 1024));
    boolean more = false;
    while (it.hasNext()) {
      Device device = it.next();
      if (!wanted.test(device)) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(device);
    }
    return new Page(List.copyOf(items), total, more);
  }

  /** A page of devices; {@code more} tells whether a next page exists. */
  public record Page(List<Device> items, long total, boolean more) {}
}
