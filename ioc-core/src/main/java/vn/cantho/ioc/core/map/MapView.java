package vn.cantho.ioc.core.map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceGrid;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.DeviceScope;
import vn.cantho.ioc.core.device.WebMercator;
import vn.cantho.ioc.core.live.DeviceStatus;
import vn.cantho.ioc.core.live.LatestState;

/**
 * The devices of a map view, grid-clustered in Web Mercator: at zoom Z, cells of 64 screen pixels.
 * A cell with one visible device shows that device; from zoom 17, or when the view holds few
 * devices, every device shows alone. The work is the grid cells the view covers ({@link
 * DeviceGrid}), or a commune operator's zones, or a farmer's own devices, never the whole registry
 * for a narrow view; the answer is at most a cluster or a device per cell.
 */
final class MapView {
  /** From this zoom a street's lamps are apart on screen: no clusters. */
  static final int DEVICES_FROM_ZOOM = 17;

  /** A view with no more devices than this shows them all, whatever the zoom. */
  static final int FEW = 300;

  /**
   * The most devices one answer lists at zoom 17 and above (a view of at most 8,192 pixels a side
   * holds about 5 km² there); beyond, the answer says {@code "truncated": true}.
   */
  static final int MAX_DEVICES = 5_000;

  private final DeviceRegistry registry;
  private final LatestState latest;

  MapView(DeviceRegistry registry, LatestState latest) {
    this.registry = registry;
    this.latest = latest;
  }

  /**
   * Where the view's devices are looked for: an owner's devices, the zones of a zone scope or
   * filter when they hold fewer devices than a city view, else the grid cells the box covers.
   */
  private Source candidates(MapQuery q, DeviceScope scope) {
    if (scope.owner() != null) {
      return visitor -> byCell(registry.owned(scope.owner()), visitor);
    }
    Set<String> zones = DeviceRegistry.zonesAsked(q.filter().zoneId(), scope.zones());
    if (zones != null) {
      return visitor -> byCell(registry.inZones(zones, q.filter().domain()), visitor);
    }
    return visitor -> registry.grid().cellsOverlapping(q.box(), visitor);
  }

  /** Devices one by one with their grid cell, as the grid would visit them. */
  private static void byCell(Iterable<Device> devices, DeviceGrid.CellVisitor visitor) {
    for (Device d : devices) {
      visitor.visit(
          WebMercator.cell(WebMercator.x(d.lon()), DeviceGrid.LEVEL),
          WebMercator.cell(WebMercator.y(d.lat()), DeviceGrid.LEVEL),
          List.of(d));
    }
  }

  /** Visits candidate devices with their fine grid cell. */
  @FunctionalInterface
  private interface Source {
    void accept(DeviceGrid.CellVisitor visitor);
  }

  /**
   * The clusters and devices of the view that {@code visible} lets through, looked for within the
   * caller's {@code scope}.
   */
  JsonObject render(MapQuery q, DeviceScope scope, Predicate<Device> visible, Instant now) {
    boolean clustering = q.zoom() < DEVICES_FROM_ZOOM;
    int shift = DeviceGrid.LEVEL - (q.zoom() + WebMercator.CELLS_PER_TILE_LOG2);
    Map<Long, Cluster> cells = new HashMap<>();
    List<Placed> alone = new ArrayList<>();
    long[] seen = {0};
    candidates(q, scope)
        .accept(
            (x, y, devices) -> {
              for (Device d : devices) {
                if (!q.filter().test(d) || !visible.test(d)) {
                  continue;
                }
                seen[0]++;
                DeviceStatus status = DeviceStatus.of(d, latest.lastSeen(d.id()), now);
                if (alone.size() <= Math.max(FEW, clustering ? 0 : MAX_DEVICES)) {
                  alone.add(new Placed(d, status));
                }
                if (clustering) {
                  long key = ((long) (x >>> shift) << 32) | (y >>> shift);
                  cells.computeIfAbsent(key, k -> new Cluster()).add(d, status);
                }
              }
            });
    JsonArray clusters = new JsonArray();
    List<Placed> devices = new ArrayList<>();
    boolean truncated = false;
    if (!clustering || seen[0] <= FEW) {
      truncated = alone.size() > MAX_DEVICES;
      devices.addAll(truncated ? alone.subList(0, MAX_DEVICES) : alone);
    } else {
      for (Cluster cell : cells.values()) {
        if (cell.count() < 2) {
          devices.add(new Placed(cell.first(), cell.firstStatus()));
        } else {
          clusters.add(cell.json());
        }
      }
    }
    devices.sort(Comparator.comparing(p -> p.device().id()));
    JsonArray deviceJson = new JsonArray();
    devices.forEach(p -> deviceJson.add(p.json()));
    JsonObject answer =
        new JsonObject().put("zoom", q.zoom()).put("clusters", clusters).put("devices", deviceJson);
    if (truncated) {
      answer.put("truncated", true);
    }
    return answer;
  }

  /** A device shown alone, with its status. */
  private record Placed(Device device, DeviceStatus status) {
    JsonObject json() {
      return new JsonObject()
          .put("id", device.id())
          .put("name", device.name())
          .put("domain", device.domain().code())
          .put("lat", device.lat())
          .put("lon", device.lon())
          .put("status", status.code())
          .put("zoneId", device.zoneId());
    }
  }
}
