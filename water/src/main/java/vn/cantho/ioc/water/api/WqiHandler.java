package vn.cantho.ioc.water.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.ReadingsHandler;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Series;
import vn.cantho.ioc.core.store.SeriesQuery;
import vn.cantho.ioc.core.store.SeriesStore;
import vn.cantho.ioc.water.HourlyWqi;
import vn.cantho.ioc.water.WqiClass;

/**
 * {@code GET /api/v1/devices/{id}/wqi?from&to}: a river station's hourly VN_WQI (default: the last
 * 7 days), each value with its class, colour and labels, as the map and the open-data page show it.
 */
public final class WqiHandler {
  private final DeviceRegistry registry;
  private final SeriesStore series;
  private final Authn authn;
  private final WorkerExecutor db;
  private final Clock clock;

  public WqiHandler(
      DeviceRegistry registry, SeriesStore series, Authn authn, WorkerExecutor db, Clock clock) {
    this.registry = registry;
    this.series = series;
    this.authn = authn;
    this.db = db;
    this.clock = clock;
  }

  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<Device> device = registry.find(id);
    if (device.isEmpty() || !Authn.caller(ctx).sees(device.get())) {
      authn.hidden(ctx, "no device " + id);
      return;
    }
    Instant to = QueryParams.instant(ctx, "to", clock.instant());
    Instant from = QueryParams.instant(ctx, "from", to.minus(Duration.ofDays(7)));
    if (!from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    SeriesQuery query =
        new SeriesQuery(id, HourlyWqi.METRIC, from, to, null, ReadingsHandler.MAX_RAW_POINTS);
    db.<List<Series>>executeBlocking(() -> series.query(query), false)
        .onFailure(ctx::fail)
        .onSuccess(
            found -> {
              JsonArray items = new JsonArray();
              for (Series s : found) {
                for (Series.Point p : s.points()) {
                  if (p instanceof Series.Raw r) {
                    WqiClass c = WqiClass.of((int) Math.round(r.value()));
                    items.add(
                        new JsonObject()
                            .put("hour", r.ts().toString())
                            .put("wqi", (int) Math.round(r.value()))
                            .put("class", c.code())
                            .put("labelVi", c.labelVi())
                            .put("labelEn", c.labelEn())
                            .put("colour", c.colour()));
                  }
                }
              }
              Responses.ok(ctx, new JsonObject().put("deviceId", id).put("items", items));
            });
  }
}
