package vn.cantho.ioc.core.feature;

import io.vertx.core.json.JsonObject;
import vn.cantho.ioc.core.device.Device;

/**
 * Pushes a feature's messages to the live map's clients, sent at once (never coalesced). Safe to
 * call from any thread.
 */
public interface LiveChannel {
  /** Drops everything: for runs without a live map (benchmarks). */
  LiveChannel NONE =
      new LiveChannel() {
        @Override
        public void publish(String type, Device subject, JsonObject body) {}

        @Override
        public void publishToZone(String type, String zoneId, JsonObject body) {}
      };

  /**
   * A message about a device, to the clients that see it (their query and their scope), as readings
   * are. It carries {@code type} and {@code deviceId} beside the body's fields.
   */
  void publish(String type, Device subject, JsonObject body);

  /**
   * A message about a zone (a ward's flood warning), to the clients whose scope holds the zone and
   * whose query asks for it or for the whole city: city-wide roles, that zone's commune operators;
   * not owners, whose view is their own devices. It carries {@code type} and {@code zoneId}.
   */
  void publishToZone(String type, String zoneId, JsonObject body);
}
