package vn.cantho.ioc.core.alert;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The one JSON shape of an alert, for the API and the live feed (docs/api.md). */
public final class AlertJson {
  private AlertJson() {}

  public static JsonObject of(Alert a) {
    return new JsonObject()
        .put("id", a.id())
        .put("feature", a.rule().feature())
        .put("rule", a.rule().key())
        .put("deviceId", a.deviceId())
        .put("zoneId", a.zoneId())
        .put("metric", a.metric())
        .put("severity", a.severity().code())
        .put("severityLabel", a.severity().labelVi())
        .put("state", a.state().code())
        .put("raisedAt", text(a.raisedAt()))
        .put("raisedValue", a.raisedValue())
        .put("lastValue", a.lastValue())
        .put("acknowledgedAt", text(a.acknowledgedAt()))
        .put("acknowledgedBy", a.acknowledgedBy())
        .put("clearedAt", text(a.clearedAt()));
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
