package vn.cantho.ioc.traffic.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.JsonBodies;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.feature.FeatureRequest;
import vn.cantho.ioc.core.feature.LiveChannel;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.core.store.Page;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.traffic.incident.Evidence;
import vn.cantho.ioc.traffic.incident.Incident;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStatus;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.incident.Report;
import vn.cantho.ioc.traffic.network.RoadNetwork;

/**
 * The incident routes under {@code /api/v1/traffic/incidents}: list and filter, detail with the
 * timeline, reports by staff or outside systems (merged by {@link
 * vn.cantho.ioc.traffic.incident.MergeRule}), workflow transitions and comments. Every change is
 * audited and pushed live to the clients that see the incident's zone; a caller who may not see the
 * zone gets 404, as for a device outside his scope.
 */
public final class IncidentsHandler {
  /** The live-feed message type of incident changes. */
  public static final String LIVE_TYPE = "traffic.incident";

  private final IncidentStore store;
  private final ZoneIndex zones;
  private final LiveChannel live;
  private final Authn authn;
  private final Clock clock;
  private final Evidence evidence;
  private final java.util.function.Supplier<Optional<RoadNetwork>> network;

  /**
   * @param network the road network in use, if any, for the evidence of an incident on it
   */
  public IncidentsHandler(
      IncidentStore store,
      Evidence evidence,
      java.util.function.Supplier<Optional<RoadNetwork>> network,
      ZoneIndex zones,
      LiveChannel live,
      Authn authn,
      Clock clock) {
    this.evidence = evidence;
    this.network = network;
    this.store = store;
    this.zones = zones;
    this.live = live;
    this.authn = authn;
    this.clock = clock;
  }

  /** {@code GET incidents?status=&zone=&corridor=&kind=&from=&to=&limit=&cursor=}. */
  public JsonObject list(FeatureRequest r) throws Exception {
    int limit = r.query("limit").map(IncidentsHandler::limit).orElse(100);
    Page<Incident> page =
        store.list(
            new IncidentStore.Query(
                r.query("status").map(s -> parse(() -> IncidentStatus.fromCode(s))).orElse(null),
                r.query("zone").orElse(null),
                scope(r.caller()),
                r.query("corridor").orElse(null),
                r.query("kind").map(k -> parse(() -> IncidentKind.fromCode(k))).orElse(null),
                r.query("from").map(IncidentsHandler::instant).orElse(null),
                r.query("to").map(IncidentsHandler::instant).orElse(null),
                parse(() -> CursorPaging.after(r.query("cursor").orElse(null), limit))));
    JsonArray items = new JsonArray();
    page.items().forEach(i -> items.add(IncidentJson.of(i)));
    return new JsonObject().put("items", items).put("next", page.nextCursor());
  }

  /** {@code GET incidents/kpis}: the caller's zones only for a commune operator. */
  public JsonObject kpis(FeatureRequest r) throws Exception {
    IncidentStore.Kpis k = store.kpis(scope(r.caller()));
    return new JsonObject()
        .put("byStatus", new JsonObject(new java.util.LinkedHashMap<String, Object>(k.byStatus())))
        .put("meanMinutesToVerify", k.meanMinutesToVerify())
        .put("meanMinutesToClear", k.meanMinutesToClear())
        .put("falseAlarmShare", k.falseAlarmShare());
  }

  /** {@code GET incidents/:id}: the incident with its timeline and evidence. */
  public void one(RoutingContext ctx, WorkerExecutor worker) {
    Caller caller = Authn.caller(ctx);
    answer(
        ctx,
        worker,
        () -> {
          Incident i = visible(caller, id(ctx.pathParam("id")));
          JsonObject out =
              IncidentJson.of(i).put("timeline", IncidentJson.timeline(store.timeline(i.id())));
          Optional<RoadNetwork> roads = network.get();
          if (roads.isPresent()) {
            out.put("evidence", evidenceJson(evidence.of(i, roads.get())));
          }
          return out;
        });
  }

  /**
   * {@code POST incidents} (staff) and {@code POST reports} (camera systems, citizen reports): a
   * report, merged into the incident it is about or opening one.
   */
  public JsonObject report(FeatureRequest r, IncidentSource defaultSource) throws Exception {
    JsonObject b = r.body();
    IncidentSource source =
        defaultSource == IncidentSource.STAFF
            ? IncidentSource.STAFF
            : parse(() -> IncidentSource.fromCode(JsonBodies.text(b, "source")));
    if (source == IncidentSource.DETECTION) {
      throw new BadRequest("source: detection is the system's own, not a report's");
    }
    Double lon = JsonBodies.optionalNumber(b, "lon");
    Double lat = JsonBodies.optionalNumber(b, "lat");
    if (lon == null || lat == null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new BadRequest("lon and lat are required (WGS84 degrees)");
    }
    String zone = zones.locate(lon, lat).map(z -> z.id()).orElse(null);
    if (!r.caller().seesZone(zone)) {
      throw new BadRequest("the place lies outside your zones");
    }
    String segment = JsonBodies.optionalText(b, "segment", null);
    Instant at =
        Optional.ofNullable(JsonBodies.optionalText(b, "observedAt", null))
            .map(IncidentsHandler::instant)
            .orElse(clock.instant());
    Report report =
        new Report(
            parse(() -> IncidentKind.fromCode(JsonBodies.text(b, "kind"))),
            parse(
                () -> IncidentSeverity.fromCode(JsonBodies.optionalText(b, "severity", "medium"))),
            source,
            null,
            new IncidentLocation(
                lon,
                lat,
                JsonBodies.optionalText(b, "corridor", null),
                JsonBodies.optionalText(b, "direction", null),
                JsonBodies.optionalNumber(b, "chainageM"),
                segment),
            zone,
            JsonBodies.optionalText(b, "description", ""),
            at,
            r.caller().username(),
            JsonBodies.optionalText(b, "externalId", null));
    IncidentStore.Reported done = store.report(report);
    Incident i = done.incident();
    authn.record(
        r.caller().username(),
        done.opened() ? "traffic.incident.report" : "traffic.incident.merge",
        "incident:" + i.id(),
        null);
    publish(i, done.opened() ? "opened" : "merged");
    return IncidentJson.of(i).put("opened", done.opened());
  }

  /** {@code POST incidents/:id/transitions} {@code {to, assignee?, comment?}}. */
  public void transition(RoutingContext ctx, WorkerExecutor worker) {
    Caller caller = Authn.caller(ctx);
    JsonObject body = JsonBodies.object(ctx);
    worker
        .executeBlocking(
            () -> {
              long id = id(ctx.pathParam("id"));
              visible(caller, id);
              IncidentStatus to = parse(() -> IncidentStatus.fromCode(JsonBodies.text(body, "to")));
              try {
                return store.transition(
                    id,
                    to,
                    caller.username(),
                    JsonBodies.optionalText(body, "assignee", null),
                    JsonBodies.optionalText(body, "comment", null),
                    clock.instant());
              } catch (IncidentStore.IllegalTransition e) {
                throw new Conflict(e.getMessage());
              }
            },
            false)
        .onSuccess(
            found -> {
              Incident i = found.orElseThrow();
              authn.record(
                  caller.username(),
                  "traffic.incident." + i.status().code(),
                  "incident:" + i.id(),
                  null);
              publish(i, "transition");
              Responses.ok(ctx, IncidentJson.of(i));
            })
        .onFailure(e -> fail(ctx, e));
  }

  /** {@code POST incidents/:id/comments} {@code {text}}. */
  public void comment(RoutingContext ctx, WorkerExecutor worker) {
    Caller caller = Authn.caller(ctx);
    JsonObject body = JsonBodies.object(ctx);
    answer(
        ctx,
        worker,
        () -> {
          long id = id(ctx.pathParam("id"));
          visible(caller, id);
          String text = JsonBodies.text(body, "text");
          Incident i = store.comment(id, caller.username(), text, clock.instant()).orElseThrow();
          authn.record(caller.username(), "traffic.incident.comment", "incident:" + id, null);
          publish(i, "comment");
          return IncidentJson.of(i);
        });
  }

  /**
   * A read route with a kernel permission (most reads are {@code READ_MAP}): the JSON handler runs
   * on the worker pool, as the kernel's feature routes do.
   */
  public static io.vertx.core.Handler<RoutingContext> reading(
      WorkerExecutor worker, vn.cantho.ioc.core.feature.FeatureHandler handler) {
    return ctx -> {
      java.util.Map<String, String> query = new java.util.HashMap<>();
      ctx.queryParams().names().forEach(n -> query.put(n, ctx.queryParams().get(n)));
      FeatureRequest r =
          new FeatureRequest(Authn.caller(ctx), ctx.pathParams(), query, new JsonObject());
      answer(ctx, worker, () -> handler.handle(r));
    };
  }

  /**
   * Runs blocking work on the worker pool and answers 200, 404 or 409 (or the kernel's 400/500).
   */
  private static void answer(
      RoutingContext ctx, WorkerExecutor worker, java.util.concurrent.Callable<JsonObject> work) {
    worker
        .executeBlocking(work, false)
        .onSuccess(body -> Responses.ok(ctx, body))
        .onFailure(e -> fail(ctx, e));
  }

  private static JsonObject evidenceJson(Evidence.Window w) {
    JsonArray stations = new JsonArray();
    for (Evidence.StationSeries s : w.stations()) {
      JsonArray points = new JsonArray();
      for (Evidence.Point p : s.points()) {
        points.add(
            new JsonObject()
                .put("at", p.at().toString())
                .put("flow", p.flow())
                .put("speed", p.speed())
                .put("occupancy", p.occupancy()));
      }
      stations.add(
          new JsonObject().put("station", s.station()).put("role", s.role()).put("points", points));
    }
    return new JsonObject()
        .put("from", w.from().toString())
        .put("to", w.to().toString())
        .put("stations", stations);
  }

  /**
   * The zones an incident query stays within: a commune operator's, none for an owner-scoped role
   * (a farmer sees his ponds, and no incident is his), or null for the city. {@link
   * Caller#zoneScope()} alone would give a farmer the city.
   */
  static List<String> scope(Caller caller) {
    return switch (caller.role().scope()) {
      case ZONES -> caller.zoneScope();
      case OWN -> List.of();
      case CITY -> null;
    };
  }

  void publish(Incident i, String change) {
    publish(live, i, change);
  }

  /**
   * Tells the live map: to the incident's zone's viewers (the whole city sees every zone). Used for
   * staff's and detection's incidents alike.
   */
  public static void publish(LiveChannel live, Incident i, String change) {
    JsonObject body = new JsonObject().put("change", change).put("incident", IncidentJson.of(i));
    if (i.zoneId() != null) {
      live.publishToZone(LIVE_TYPE, i.zoneId(), body);
    }
  }

  private Incident visible(Caller caller, long id) throws Exception {
    Optional<Incident> found = store.find(id);
    if (found.isEmpty() || !caller.seesZone(found.get().zoneId())) {
      throw new NotFound("không có sự cố " + id);
    }
    return found.get();
  }

  /** No such incident, or one outside the caller's zones (the same answer: 404). */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  /** A transition the workflow refuses: 409. */
  static final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message);
    }
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof NotFound) {
      Responses.error(ctx, 404, "not_found", e.getMessage());
    } else if (e instanceof Conflict) {
      Responses.error(ctx, 409, "conflict", e.getMessage());
    } else {
      Responses.failure(ctx, e);
    }
  }

  private static long id(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadRequest("an incident id is a number: " + text);
    }
  }

  private static int limit(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n < 1 || n > 500) {
        throw new BadRequest("limit is 1 to 500");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest("limit is a number: " + text);
    }
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadRequest("not an ISO-8601 instant: " + text);
    }
  }

  private static <T> T parse(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage(), e);
    }
  }
}
