package vn.cantho.ioc.core.map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceGrid;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.WebMercator;
import vn.cantho.ioc.core.live.DeviceStatus;
import vn.cantho.ioc.core.live.LatestState;

/**
 * The devices of a map view, grid-clustered in Web Mercator: at zoom Z, cells of 64 screen pixels.
 * A cell with one visible device shows that device; from zoom 17, or when the view holds few
 * devices, every device shows alone. The work is the grid cells the view covers ({@link
 * DeviceGrid}), never the whole registry; the answer is at most a cluster or a device per cell.
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

  /** The clusters and devices of the view that {@code visible} lets through. */
  JsonObject render(MapQuery q, Predicate<Device> visible, Instant now) {
    boolean clustering = q.zoom() < DEVICES_FROM_ZOOM;
    int shift = DeviceGrid.LEVEL - (q.zoom() + WebMercator.CELLS_PER_TILE_LOG2);
    Map<Long, Cluster> cells = new HashMap<>();
    List<Placed> alone = new ArrayList<>();
    long[] seen = {0};
    registry
        .grid()
        .cellsOverlapping(
            q.box(),
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
