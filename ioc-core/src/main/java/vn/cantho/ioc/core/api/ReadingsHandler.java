package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.store.Series;
import vn.cantho.ioc.core.store.SeriesQuery;
import vn.cantho.ioc.core.store.SeriesStore;

/** {@code GET /api/v1/devices/{id}/readings}: a device's time series, raw or per step. */
public final class ReadingsHandler {
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
  public static final int MAX_RAW_POINTS = 10_000;
  static final long MAX_BUCKETS = 10_000;

  private final DeviceRegistry registry;
  private final SeriesStore store;
  private final MetricCatalog catalog;
  private final WorkerExecutor db;
  private final Clock clock;
  private final Authn authn;

  ReadingsHandler(
      DeviceRegistry registry,
      SeriesStore store,
      MetricCatalog catalog,
      WorkerExecutor db,
      Clock clock,
      Authn authn) {
    this.registry = registry;
    this.store = store;
    this.catalog = catalog;
    this.db = db;
    this.clock = clock;
    this.authn = authn;
  }

  void handle(RoutingContext ctx) {
    Device device = DevicesHandler.visibleDevice(ctx, registry, authn).orElse(null);
    if (device == null) {
      return;
    }
    String id = device.id();
    String metric = QueryParams.text(ctx, "metric");
    if (metric != null && catalog.find(device.domain(), metric).isEmpty()) {
      throw new BadRequest(
          "metric " + metric + " is not reported by " + device.domain().code() + " devices");
    }
    Instant to = QueryParams.instant(ctx, "to", clock.instant());
    Instant from = QueryParams.instant(ctx, "from", to.minus(DEFAULT_WINDOW));
    Duration step = QueryParams.duration(ctx, "step");
    if (step != null && (step.toSeconds() < 1 || step.getNano() != 0)) {
      throw new BadRequest("step must be a whole number of seconds, at least 1");
    }
    if (!from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    if (step != null && Duration.between(from, to).dividedBy(step) > MAX_BUCKETS) {
      throw new BadRequest(
          "too many buckets: widen step or narrow from/to (at most " + MAX_BUCKETS + ")");
    }
    SeriesQuery query = new SeriesQuery(id, metric, from, to, step, MAX_RAW_POINTS);
    db.<List<Series>>executeBlocking(() -> store.query(query), false)
        .onSuccess(series -> Responses.ok(ctx, render(device, query, series)))
        .onFailure(ctx::fail);
  }

  private JsonObject render(Device device, SeriesQuery query, List<Series> series) {
    JsonArray out = new JsonArray();
    for (Series s : series) {
      JsonArray points = new JsonArray();
      for (Series.Point p : s.points()) {
        JsonObject point = new JsonObject().put("ts", p.ts().toString());
        if (p instanceof Series.Aggregate a) {
          point.put("avg", a.avg()).put("min", a.min()).put("max", a.max()).put("count", a.count());
        } else if (p instanceof Series.Raw r) {
          point.put("value", r.value());
        }
        points.add(point);
      }
      JsonObject metric = new JsonObject().put("metric", s.metric()).put("points", points);
      catalog.find(device.domain(), s.metric()).ifPresent(m -> metric.put("unit", m.unit()));
      if (s.truncated()) {
        metric.put("truncated", true);
      }
      out.add(metric);
    }
    return new JsonObject()
        .put("deviceId", device.id())
        .put("from", query.from().toString())
        .put("to", query.to().toString())
        .put("step", query.step() == null ? null : query.step().toString())
        .put("series", out);
  }
}
