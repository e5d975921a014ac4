package vn.cantho.ioc.core.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The devices bucketed in fixed Web Mercator cells of grid level {@link #LEVEL} (about 150 m at Can
 * Tho), so a map request touches only the cells its box covers instead of every device of the city.
 * A cell of this grid lies inside exactly one cluster cell of every zoom up to 16, which is what
 * lets the map cluster by cell.
 *
 * <p>Written under the registry's lock, read from any thread without one.
 */
public final class DeviceGrid {
  /** The cluster grid of zoom 16; from zoom 17 the map shows devices one by one. */
  public static final int LEVEL = 16 + WebMercator.CELLS_PER_TILE_LOG2;

  private final Map<Long, Map<String, Device>> cells = new ConcurrentHashMap<>();

  /** A cell of the grid and its devices (a live view: read it, do not keep it). */
  public interface CellVisitor {
    void visit(int x, int y, Iterable<Device> devices);
  }

  void add(Device device) {
    cells.computeIfAbsent(key(device), k -> new ConcurrentHashMap<>()).put(device.id(), device);
  }

  void remove(Device device) {
    Long key = key(device);
    Map<String, Device> cell = cells.get(key);
    if (cell != null) {
      cell.remove(device.id());
      if (cell.isEmpty()) {
        cells.remove(key);
      }
    }
  }

  /**
   * Visits every non-empty cell that overlaps the box; devices of the cells on its edge may lie
   * outside it. Walks the box's cells when they are fewer than the occupied ones, else the occupied
   * ones, so a world-wide box costs no more than the city's cells.
   */
  public void cellsOverlapping(Bbox box, CellVisitor visitor) {
    int x0 = WebMercator.cell(WebMercator.x(box.minLon()), LEVEL);
    int x1 = WebMercator.cell(WebMercator.x(box.maxLon()), LEVEL);
    int y0 = WebMercator.cell(WebMercator.y(box.maxLat()), LEVEL);
    int y1 = WebMercator.cell(WebMercator.y(box.minLat()), LEVEL);
    long inBox = (long) (x1 - x0 + 1) * (y1 - y0 + 1);
    if (inBox <= cells.size()) {
      for (int x = x0; x <= x1; x++) {
        for (int y = y0; y <= y1; y++) {
          Map<String, Device> cell = cells.get(key(x, y));
          if (cell != null) {
            visitor.visit(x, y, cell.values());
          }
        }
      }
    } else {
      for (Map.Entry<Long, Map<String, Device>> e : cells.entrySet()) {
        int x = (int) (e.getKey() >>> 32);
        int y = (int) (long) e.getKey();
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
          visitor.visit(x, y, e.getValue().values());
        }
      }
    }
  }

  /** Every device inside the box. */
  public void devicesIn(Bbox box, Consumer<Device> action) {
    cellsOverlapping(
        box,
        (x, y, devices) -> {
          for (Device d : devices) {
            if (box.contains(d.lon(), d.lat())) {
              action.accept(d);
            }
          }
        });
  }

  private static Long key(Device d) {
    return key(
        WebMercator.cell(WebMercator.x(d.lon()), LEVEL),
        WebMercator.cell(WebMercator.y(d.lat()), LEVEL));
  }

  private static long key(int x, int y) {
    return ((long) x << 32) | (y & 0xffffffffL);
  }
}
