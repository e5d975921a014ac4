package vn.cantho.ioc.core.device;

/**
 * Web Mercator (EPSG:3857) as the map's tiles use it, in world units: x and y from 0 to 1, y
 * growing southwards. A grid of level {@code L} has {@code 2^L} cells a side; the map's clusters at
 * zoom {@code Z} are cells of 64 screen pixels of 256-pixel tiles, the grid of level {@code Z + 2}.
 */
public final class WebMercator {
  /** The latitude where the square Mercator world ends; tiles show nothing beyond it. */
  public static final double MAX_LAT = 85.0511287798066;

  /** Cells of 64 pixels in a 256-pixel tile: the grid level of zoom Z is Z + 2. */
  public static final int CELLS_PER_TILE_LOG2 = 2;

  private WebMercator() {}

  public static double x(double lon) {
    double clamped = Math.max(-180, Math.min(180, lon));
    return (clamped + 180) / 360;
  }

  public static double y(double lat) {
    double clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    double sin = Math.sin(Math.toRadians(clamped));
    return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
  }

  /** The cell a world coordinate falls in on a grid of the given level, 0 to 2^level - 1. */
  public static int cell(double unit, int level) {
    long side = 1L << level;
    long c = (long) Math.floor(unit * side);
    return (int) Math.max(0, Math.min(side - 1, c));
  }

  /** Screen pixels a world distance spans at a zoom (256-pixel tiles). */
  public static double pixels(double units, int zoom) {
    return units * 256 * Math.pow(2, zoom);
  }

  /** The box clipped to the square Mercator world. */
  public static Bbox clip(Bbox box) {
    return new Bbox(
        Math.max(-180, Math.min(180, box.minLon())),
        Math.max(-MAX_LAT, Math.min(MAX_LAT, box.minLat())),
        Math.max(-180, Math.min(180, box.maxLon())),
        Math.max(-MAX_LAT, Math.min(MAX_LAT, box.maxLat())));
  }
}
