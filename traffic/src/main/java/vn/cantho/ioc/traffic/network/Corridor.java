package vn.cantho.ioc.traffic.network;

import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.LineString;

/**
 * A main road or bridge the detectors watch: its line (lon/lat) and, for each direction of travel,
 * whether traffic goes the way chainage grows or the other way.
 *
 * @param directions direction code (e.g. {@code ve-ninh-kieu}) → true when travel follows
 *     increasing chainage
 * @param methods the detection methods' codes this corridor runs (its file's {@code methods});
 *     empty for the node's default ({@code IOC_TRAFFIC_METHODS})
 * @param parameters method code → parameter name → value (its file's {@code parameters}), checked
 *     by the detection methods themselves
 */
public record Corridor(
    String id,
    String name,
    LineString line,
    Map<String, Boolean> directions,
    List<String> methods,
    Map<String, Map<String, Double>> parameters) {
  public Corridor {
    directions = Map.copyOf(directions);
    methods = List.copyOf(methods);
    parameters = Map.copyOf(parameters);
  }

  /** A corridor running the node's default methods with their default parameters. */
  public Corridor(String id, String name, LineString line, Map<String, Boolean> directions) {
    this(id, name, line, directions, List.of(), Map.of());
  }
}
