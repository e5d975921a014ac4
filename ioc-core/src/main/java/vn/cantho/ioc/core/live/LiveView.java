package vn.cantho.ioc.core.live;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import vn.cantho.ioc.core.device.Bbox;
import vn.cantho.ioc.core.device.Device;

/**
 * What a live client shows, as it says in {@code
 * {"type":"view","bbox":[W,S,E,N],"devices":b,"watch":["id",…]}}: the box on its screen, whether it
 * draws devices one by one (true) or clusters it re-reads from {@code /api/v1/map} (false), and the
 * few devices it follows wherever they are (an open device panel; optional, at most {@value
 * #MAX_WATCH}).
 */
record LiveView(Bbox bbox, boolean devices, Set<String> watch) {
  static final int MAX_WATCH = 20;

  boolean holds(Device device) {
    return bbox.contains(device.lon(), device.lat());
  }

  boolean watches(Device device) {
    return watch.contains(device.id());
  }

  /** The view a message states, or empty for anything else or anything malformed. */
  static Optional<LiveView> parse(String text) {
    try {
      JsonObject json = new JsonObject(text);
      if (!"view".equals(json.getValue("type"))
          || !(json.getValue("bbox") instanceof JsonArray box)
          || box.size() != 4
          || !(json.getValue("devices") instanceof Boolean devices)) {
        return Optional.empty();
      }
      double[] v = new double[4];
      for (int i = 0; i < 4; i++) {
        if (!(box.getValue(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          return Optional.empty();
        }
        v[i] = n.doubleValue();
      }
      Set<String> watch = new HashSet<>();
      Object listed = json.getValue("watch");
      if (listed != null) {
        if (!(listed instanceof JsonArray ids) || ids.size() > MAX_WATCH) {
          return Optional.empty();
        }
        for (Object id : ids) {
          if (!(id instanceof String deviceId)) {
            return Optional.empty();
          }
          watch.add(deviceId);
        }
      }
      return Optional.of(
          new LiveView(new Bbox(v[0], v[1], v[2], v[3]), devices, Set.copyOf(watch)));
    } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
