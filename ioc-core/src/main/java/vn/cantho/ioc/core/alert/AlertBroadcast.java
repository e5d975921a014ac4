package vn.cantho.ioc.core.alert;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.LiveChannel;

/**
 * Tells the node about every committed alert transition, whichever feature made it: the live map
 * gets an {@code alert} message (sent at once, never coalesced: each transition matters to whoever
 * watches) and the notification dispatcher is woken for the messages the transition queued.
 */
public final class AlertBroadcast {
  public static final String LIVE_TYPE = "alert";

  private AlertBroadcast() {}

  public static void start(
      Vertx vertx, DeviceRegistry registry, LiveChannel live, Runnable wakeNotifications) {
    vertx
        .eventBus()
        .<AlertEvent>consumer(
            AlertEvent.ADDRESS,
            m -> {
              wakeNotifications.run();
              AlertEvent event = m.body();
              registry
                  .find(event.alert().deviceId())
                  .ifPresent(
                      device ->
                          live.publish(
                              LIVE_TYPE,
                              device,
                              new JsonObject()
                                  .put("kind", event.kind())
                                  .put("alert", AlertJson.of(event.alert()))));
            });
  }
}
