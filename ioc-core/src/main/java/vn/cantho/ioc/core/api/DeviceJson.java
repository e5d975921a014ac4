package vn.cantho.ioc.core.api;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.live.DeviceStatus;
import vn.cantho.ioc.core.live.LatestState;
import vn.cantho.ioc.core.live.LatestValue;

/** A device as the API shows it: registry facts plus status and latest values with units. */
public final class DeviceJson {
  private final LatestState latest;
  private final MetricCatalog catalog;

  public DeviceJson(LatestState latest, MetricCatalog catalog) {
    this.latest = latest;
    this.catalog = catalog;
  }

  public JsonObject render(Device d, Instant now) {
    Instant lastSeen = latest.lastSeen(d.id());
    JsonObject values = new JsonObject();
    for (Map.Entry<String, LatestValue> e : latest.values(d.id()).entrySet()) {
      JsonObject v =
          new JsonObject()
              .put("value", e.getValue().value())
              .put("ts", e.getValue().ts().toString());
      catalog.find(d.domain(), e.getKey()).ifPresent(m -> v.put("unit", m.unit()));
      values.put(e.getKey(), v);
    }
    return new JsonObject()
        .put("id", d.id())
        .put("domain", d.domain().code())
        .put("type", d.type())
        .put("name", d.name())
        .put("lon", d.lon())
        .put("lat", d.lat())
        .put("zoneId", d.zoneId())
        .put("status", DeviceStatus.of(d, lastSeen, now).code())
        .put("lastSeen", lastSeen == null ? null : lastSeen.toString())
        .put("latest", values);
  }
}
