package vn.cantho.ioc.traffic.network;

import java.util.Map;
import org.locationtech.jts.geom.LineString;

/**
 * A main road or bridge the detectors watch: its line (lon/lat) and, for each direction of travel,
 * whether traffic goes the way chainage grows or the other way.
 *
 * @param directions direction code (e.g. {@code ve-ninh-kieu}) → true when travel follows
 *     increasing chainage
 */
public record Corridor(String id, String name, LineString line, Map<String, Boolean> directions) {
  public Corridor {
    directions = Map.copyOf(directions);
  }
}
