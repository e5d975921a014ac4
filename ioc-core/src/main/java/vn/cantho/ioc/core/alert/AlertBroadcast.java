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
              toLive(registry, live, m.body());
            });
    // Another node's transitions (ADR 0022): its outbox rows are in the database already, and any
    // node's dispatcher may send them, so this one is woken too.
    vertx
        .eventBus()
        .<AlertEvent>consumer(
            AlertEvent.ELSEWHERE_ADDRESS,
            m -> {
              wakeNotifications.run();
              toLive(registry, live, m.body());
            });
  }

  private static void toLive(DeviceRegistry registry, LiveChannel live, AlertEvent event) {
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
  }
}
