package vn.cantho.ioc.core.api;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertJson;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Page;
import vn.cantho.ioc.core.store.Series;
import vn.cantho.ioc.core.store.SeriesQuery;
import vn.cantho.ioc.core.store.SeriesStore;

/**
 * {@code GET /api/v1/alerts}, {@code GET /api/v1/alerts/{id}} (with the metric's readings an hour
 * either side) and {@code POST /api/v1/alerts/{id}/acknowledge}, each within the caller's scope: an
 * alert of a device he may not see answers 404, like one that does not exist.
 */
final class AlertsHandler {
  static final Duration AROUND = Duration.ofHours(1);

  private final AlertStore alerts;
  private final Outbox outbox;
  private final SeriesStore series;
  private final DeviceRegistry registry;
  private final Authn authn;
  private final WorkerExecutor db;
  private final Vertx vertx;
  private final Clock clock;

  AlertsHandler(
      AlertStore alerts,
      Outbox outbox,
      SeriesStore series,
      DeviceRegistry registry,
      Authn authn,
      WorkerExecutor db,
      Vertx vertx,
      Clock clock) {
    this.alerts = alerts;
    this.outbox = outbox;
    this.series = series;
    this.registry = registry;
    this.authn = authn;
    this.db = db;
    this.vertx = vertx;
    this.clock = clock;
  }

  void list(RoutingContext ctx) {
    AlertStore.Query query = query(ctx, Paging.newestFirst(ctx));
    db.<Page<Alert>>executeBlocking(() -> alerts.list(query), false)
        .onFailure(ctx::fail)
        .onSuccess(found -> Responses.ok(ctx, Paging.json(found, AlertJson::of)));
  }

  /**
   * {@code GET /api/v1/alerts/counts}: the alerts the same filters would list, counted by feature
   * and severity (default: the open ones), for the console's tiles without paging through them.
   */
  void counts(RoutingContext ctx) {
    AlertStore.Query query = query(ctx, null);
    AlertStore.Query open =
        query.states() == null
            ? new AlertStore.Query(
                query.zones(),
                query.devices(),
                query.zone(),
                query.feature(),
                query.deviceId(),
                query.severity(),
                AlertStore.OPEN,
                query.from(),
                query.to(),
                null)
            : query;
    db.<java.util.Map<String, java.util.Map<Severity, Long>>>executeBlocking(
            () -> alerts.counts(open), false)
        .onFailure(ctx::fail)
        .onSuccess(
            found -> {
              JsonObject byFeature = new JsonObject();
              JsonObject total = zeroes();
              found.forEach(
                  (feature, bySeverity) -> {
                    JsonObject counts = zeroes();
                    bySeverity.forEach(
                        (severity, n) -> {
                          counts.put(severity.code(), n);
                          total.put(severity.code(), total.getLong(severity.code()) + n);
                        });
                    byFeature.put(feature, counts);
                  });
              Responses.ok(ctx, new JsonObject().put("total", total).put("byFeature", byFeature));
            });
  }

  private static JsonObject zeroes() {
    JsonObject counts = new JsonObject();
    for (Severity s : Severity.values()) {
      counts.put(s.code(), 0L);
    }
    return counts;
  }

  /** The list's filters within the caller's scope; {@code state=open} is every state but closed. */
  private AlertStore.Query query(RoutingContext ctx, CursorPaging page) {
    Caller caller = Authn.caller(ctx);
    return new AlertStore.Query(
        caller.zoneScope(),
        caller.role().scope() == Role.Scope.OWN ? ownDevices(caller) : null,
        QueryParams.text(ctx, "zone"),
        QueryParams.text(ctx, "feature"),
        QueryParams.text(ctx, "deviceId"),
        severity(QueryParams.text(ctx, "severity")),
        states(QueryParams.text(ctx, "state")),
        QueryParams.instant(ctx, "from", null),
        QueryParams.instant(ctx, "to", null),
        page);
  }

  void one(RoutingContext ctx) {
    long id = id(ctx);
    db.<Optional<Alert>>executeBlocking(() -> alerts.find(id), false)
        .onFailure(ctx::fail)
        .onSuccess(
            alert -> {
              if (visible(ctx, alert, id)) {
                Alert a = alert.get();
                SeriesQuery around =
                    new SeriesQuery(
                        a.deviceId(),
                        a.metric(),
                        a.raisedAt().minus(AROUND),
                        a.raisedAt().plus(AROUND),
                        null,
                        ReadingsHandler.MAX_RAW_POINTS);
                db.executeBlocking(
                        () -> new Detail(series.query(around), outbox.forAlert(id)), false)
                    .onFailure(ctx::fail)
                    .onSuccess(
                        d ->
                            Responses.ok(
                                ctx,
                                AlertJson.of(a)
                                    .put("readings", points(d.readings()))
                                    .put("notifications", notifications(d.notifications()))));
              }
            });
  }

  void acknowledge(RoutingContext ctx) {
    long id = id(ctx);
    String user = Authn.caller(ctx).username();
    db.<Optional<Alert>>executeBlocking(() -> alerts.find(id), false)
        .onFailure(ctx::fail)
        .onSuccess(
            alert -> {
              if (!visible(ctx, alert, id)) {
                return;
              }
              db.<Optional<Alert>>executeBlocking(
                      () -> alerts.acknowledge(id, user, clock.instant()), false)
                  .onFailure(ctx::fail)
                  .onSuccess(
                      done -> {
                        if (done.isEmpty()) {
                          Responses.error(
                              ctx,
                              409,
                              "conflict",
                              "alert " + id + " is already acknowledged or closed");
                          return;
                        }
                        Responses.ok(ctx, AlertJson.of(done.get()));
                      });
            });
  }

  /** What an alert's detail shows besides the alert: readings around it and its messages. */
  private record Detail(List<Series> readings, List<Outbox.Status> notifications) {}

  /** The delivery log without addresses: the channel, the outcome and why. */
  private static JsonArray notifications(List<Outbox.Status> found) {
    JsonArray out = new JsonArray();
    for (Outbox.Status n : found) {
      out.add(
          new JsonObject()
              .put("id", n.id())
              .put("channel", n.channel())
              .put("severity", n.severity())
              .put("state", n.state())
              .put("reason", n.reason())
              .put("attempts", n.attempts())
              .put("createdAt", n.createdAt().toString())
              .put("handedAt", n.handedAt() == null ? null : n.handedAt().toString()));
    }
    return out;
  }

  private boolean visible(RoutingContext ctx, Optional<Alert> alert, long id) {
    if (alert.isEmpty()) {
      Responses.error(ctx, 404, "not_found", "no alert " + id);
      return false;
    }
    Optional<Device> device = registry.find(alert.get().deviceId());
    if (device.isEmpty() || !Authn.caller(ctx).sees(device.get())) {
      authn.hidden(ctx, "no alert " + id);
      return false;
    }
    return true;
  }

  private List<String> ownDevices(Caller caller) {
    return registry.all().stream().filter(caller::sees).map(Device::id).toList();
  }

  private static JsonArray points(List<Series> found) {
    JsonArray out = new JsonArray();
    for (Series s : found) {
      for (Series.Point p : s.points()) {
        if (p instanceof Series.Raw r) {
          out.add(new JsonObject().put("ts", r.ts().toString()).put("value", r.value()));
        }
      }
    }
    return out;
  }

  private static long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new BadRequest("alert id must be a number", e);
    }
  }

  private static Severity severity(String code) {
    if (code == null) {
      return null;
    }
    try {
      return Severity.valueOf(code.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("severity must be watch, warning or critical", e);
    }
  }

  private static List<Alert.State> states(String code) {
    if (code == null) {
      return null;
    }
    if (code.equals("open")) {
      return AlertStore.OPEN;
    }
    try {
      return List.of(Alert.State.valueOf(code.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("state must be open, raised, acknowledged, cleared or closed", e);
    }
  }
}
