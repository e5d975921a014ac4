package vn.cantho.ioc.core.feature;

import io.vertx.core.json.JsonObject;
import vn.cantho.ioc.core.device.Device;

/**
 * Pushes a feature's message to the live map's clients that see its subject device (their query and
 * their scope), as readings are. The message carries {@code type} and {@code deviceId} beside the
 * body's fields. Safe to call from any thread.
 */
@FunctionalInterface
public interface LiveChannel {
  void publish(String type, Device subject, JsonObject body);
}
