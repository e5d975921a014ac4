package vn.cantho.ioc.core.live;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import vn.cantho.ioc.core.device.Bbox;
import vn.cantho.ioc.core.device.Device;

/**
 * What a live client shows, as it says in {@code {"type":"view","bbox":[W,S,E,N],"devices":b}}: the
 * box on its screen, and whether it draws devices one by one (true) or clusters it re-reads from
 * {@code /api/v1/map} (false).
 */
record LiveView(Bbox bbox, boolean devices) {

  boolean holds(Device device) {
    return bbox.contains(device.lon(), device.lat());
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
      return Optional.of(new LiveView(new Bbox(v[0], v[1], v[2], v[3]), devices));
    } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
