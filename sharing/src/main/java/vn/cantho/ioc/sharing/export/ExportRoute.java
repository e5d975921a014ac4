package vn.cantho.ioc.sharing.export;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.export.ExportDataset;
import vn.cantho.ioc.core.export.ExportPage;
import vn.cantho.ioc.core.export.ExportQuery;
import vn.cantho.ioc.core.export.ExportRefused;
import vn.cantho.ioc.core.store.CursorPaging;
import vn.cantho.ioc.geo.crs.GridCrs;
import vn.cantho.ioc.sharing.CallerLimit;

/**
 * {@code GET /api/v1/export/{dataset}}: one page of a dataset in CSV, JSON or GeoJSON, within the
 * caller's scope, and {@code GET /api/v1/export}: which datasets there are. The next page is a
 * {@code Link: <…>; rel="next"} header (and {@code nextCursor} in JSON and GeoJSON); the last page
 * has none.
 */
public final class ExportRoute {
  static final int DEFAULT_LIMIT = 500;
  static final int MAX_LIMIT = 5_000;

  private final Supplier<List<ExportDataset>> datasets;
  private final CallerLimit limit;
  private final Authn authn;
  private final WorkerExecutor worker;
  private final Clock clock;

  public ExportRoute(
      Supplier<List<ExportDataset>> datasets,
      CallerLimit limit,
      Authn authn,
      WorkerExecutor worker,
      Clock clock) {
    this.datasets = datasets;
    this.limit = limit;
    this.authn = authn;
    this.worker = worker;
    this.clock = clock;
  }

  /** The datasets, their columns and whether {@code from}/{@code to} narrow them. */
  public void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    for (ExportDataset d : datasets.get()) {
      items.add(
          new JsonObject()
              .put("name", d.name())
              .put("columns", new JsonArray(d.columns()))
              .put("timed", d.timed())
              .put("events", d.events() != null));
    }
    Responses.ok(
        ctx,
        new JsonObject()
            .put("items", items)
            .put("formats", new JsonArray(List.of("csv", "json", "geojson"))));
  }

  public void export(RoutingContext ctx) {
    if (!limit.admit(ctx)) {
      return;
    }
    String name = ctx.pathParam("dataset");
    Optional<ExportDataset> found =
        datasets.get().stream().filter(d -> d.name().equals(name)).findFirst();
    if (found.isEmpty()) {
      Responses.error(
          ctx,
          404,
          "not_found",
          "không có tập dữ liệu " + name + " (no such dataset; GET /api/v1/export lists them)");
      return;
    }
    ExportDataset dataset = found.get();
    Caller caller = Authn.caller(ctx);
    ExportFormat format =
        ExportFormat.of(Optional.ofNullable(QueryParams.text(ctx, "format")).orElse("json"))
            .orElseThrow(() -> new BadRequest("format must be csv, json or geojson"));
    GridCrs crs = crs(ctx, format);
    String zone = QueryParams.text(ctx, "zone");
    if (zone != null && caller.role().scope() == Role.Scope.ZONES && !caller.seesZone(zone)) {
      authn.deny(ctx, 403, "forbidden", "zone " + zone + " is not among your zones");
      return;
    }
    Instant to = QueryParams.instant(ctx, "to", clock.instant());
    Instant from = QueryParams.instant(ctx, "from", to.minus(Duration.ofHours(24)));
    if (!from.isBefore(to)) {
      throw new BadRequest("from must be before to");
    }
    int rows = QueryParams.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    String after;
    try {
      after = CursorPaging.decode(QueryParams.text(ctx, "after"));
    } catch (CursorPaging.InvalidCursor e) {
      throw new BadRequest(e.getMessage(), e);
    }
    ExportQuery query = new ExportQuery(caller, from, to, zone, after, rows);
    worker
        .executeBlocking(() -> dataset.read(query), false)
        .onSuccess(page -> answer(ctx, dataset, format, crs, query, page))
        .onFailure(
            e -> {
              if (e instanceof ExportRefused) {
                authn.deny(ctx, 403, "forbidden", e.getMessage());
              } else if (e instanceof IllegalArgumentException) {
                Responses.failure(ctx, new BadRequest(e.getMessage(), e));
              } else {
                Responses.failure(ctx, e);
              }
            });
  }

  private static GridCrs crs(RoutingContext ctx, ExportFormat format) {
    String asked = QueryParams.text(ctx, "crs");
    if (asked == null) {
      return GridCrs.WGS84;
    }
    GridCrs crs =
        GridCrs.parse(asked)
            .orElseThrow(
                () ->
                    new BadRequest(
                        "crs must be EPSG:4326, 4756, 5897, 9209 or 3405 (docs/vn2000.md)"));
    if (format != ExportFormat.GEOJSON && crs != GridCrs.WGS84) {
      throw new BadRequest("crs applies to format=geojson; CSV and JSON give lon/lat in WGS84");
    }
    return crs;
  }

  private static void answer(
      RoutingContext ctx,
      ExportDataset dataset,
      ExportFormat format,
      GridCrs crs,
      ExportQuery query,
      ExportPage page) {
    String next = page.nextAfter() == null ? null : CursorPaging.encode(page.nextAfter());
    String body =
        switch (format) {
          case CSV -> CsvWriter.write(dataset.columns(), page.rows());
          case JSON -> JsonWriter.write(dataset.name(), dataset.columns(), page.rows(), next);
          case GEOJSON -> GeoJsonWriter.write(dataset.name(), page.rows(), crs, next);
        };
    if (next != null) {
      ctx.response()
          .putHeader(
              "Link",
              "<" + nextLink(ctx, dataset.timed() ? query : null, next) + ">; rel=\"next\"");
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", format.contentType())
        .putHeader("Cache-Control", "no-store")
        .end(body);
  }

  /**
   * The same request with {@code after} moved on, the path and every other parameter kept; for a
   * timed dataset {@code from} and {@code to} as resolved, so a window left to default ("the last
   * 24 hours") does not slide under a client paging through it.
   */
  static String nextLink(RoutingContext ctx, ExportQuery timed, String next) {
    StringBuilder link = new StringBuilder(ctx.request().path()).append('?');
    for (Map.Entry<String, String> p : ctx.queryParams()) {
      String key = p.getKey();
      boolean pinned = timed != null && (key.equals("from") || key.equals("to"));
      if (!key.equals("after") && !pinned) {
        link.append(encode(key)).append('=').append(encode(p.getValue())).append('&');
      }
    }
    if (timed != null) {
      link.append("from=").append(encode(timed.from().toString())).append('&');
      link.append("to=").append(encode(timed.to().toString())).append('&');
    }
    return link.append("after=").append(encode(next)).toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
