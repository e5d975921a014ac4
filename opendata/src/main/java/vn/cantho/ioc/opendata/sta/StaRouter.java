package vn.cantho.ioc.opendata.sta;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.api.ClientAddress;
import vn.cantho.ioc.core.api.RateLimiter;
import vn.cantho.ioc.core.auth.BasicCredentials;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;

/**
 * The SensorThings service at {@code /sta/v1.0} (mounted under {@code /sta}): reads for anyone,
 * writes with a device or gateway credential (HTTP Basic, as for {@code /api/v1/ingest}). Every
 * database call runs on the worker pool; each client address is rate-limited; a refused write is
 * quarantined with its reason before the 400 goes out.
 */
public final class StaRouter {
  public static final String ROOT = "/sta/v1.0";
  private static final Logger LOG = LoggerFactory.getLogger(StaRouter.class);
  private static final int MAX_BODY_BYTES = 1024 * 1024;

  /** Per client address: generous for a harvester, a wall against a flood. */
  public static final double REQUESTS_PER_SECOND = 100;

  public static final int BURST = 2_000;

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final StaReader reader;
  private final StaWriter writer;
  private final IocObservations iocObservations;
  private final DeviceCredentials credentials;
  private final ReadingSink ingest;
  private final Clock clock;
  private final RateLimiter perAddress;
  private final StaMqtt mqtt;

  public StaRouter(
      Vertx vertx,
      WorkerExecutor worker,
      StaReader reader,
      StaWriter writer,
      IocObservations iocObservations,
      DeviceCredentials credentials,
      ReadingSink ingest,
      Clock clock,
      RateLimiter perAddress,
      StaMqtt mqtt) {
    this.vertx = vertx;
    this.worker = worker;
    this.reader = reader;
    this.writer = writer;
    this.iocObservations = iocObservations;
    this.credentials = credentials;
    this.ingest = ingest;
    this.clock = clock;
    this.perAddress = perAddress;
    this.mqtt = mqtt;
  }

  /** The routes below the mount point {@code /sta}. */
  public Router router() {
    Router r = Router.router(vertx);
    r.route().handler(this::limitRate);
    r.get("/v1.0").handler(this::root);
    r.get("/v1.0/").handler(this::root);
    r.get("/v1.0/*").handler(this::read);
    for (HttpMethod m : List.of(HttpMethod.POST, HttpMethod.PATCH, HttpMethod.PUT)) {
      r.route(m, "/v1.0/*")
          .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
          .handler(this::write);
    }
    r.delete("/v1.0/*").handler(this::write);
    r.route().failureHandler(this::failure);
    return r;
  }

  private void limitRate(RoutingContext ctx) {
    if (perAddress.tryAcquire(ClientAddress.of(ctx))) {
      ctx.next();
    } else {
      ctx.response().setStatusCode(429).putHeader("Retry-After", "1").end();
    }
  }

  /** The service's address as this caller reached it, so links work behind a proxy too. */
  private static String base(RoutingContext ctx) {
    var authority = ctx.request().authority(); // Host, or HTTP/2's :authority
    String host =
        authority == null
            ? "localhost"
            : authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return ctx.request().scheme() + "://" + host + ROOT;
  }

  private static String rawPath(RoutingContext ctx) {
    String path = ctx.request().path();
    int at = path.indexOf(ROOT + "/");
    return at < 0 ? "" : path.substring(at + ROOT.length() + 1);
  }

  private void root(RoutingContext ctx) {
    String base = base(ctx);
    JsonArray sets = new JsonArray();
    for (EntitySet s : EntitySet.values()) {
      sets.add(new JsonObject().put("name", s.plural).put("url", base + "/" + s.plural));
    }
    JsonObject settings =
        new JsonObject()
            .put(
                "conformance",
                new JsonArray()
                    .add("http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel")
                    .add(
                        "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities")
                    .add("http://www.opengis.net/spec/iot_sensing/1.1/req/request-data")
                    .add("http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete"));
    json(ctx, 200, new JsonObject().put("value", sets).put("serverSettings", settings));
  }

  private void read(RoutingContext ctx) {
    Map<String, String> params = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> params.putIfAbsent(e.getKey(), e.getValue()));
    String raw = rawPath(ctx);
    String base = base(ctx);
    blocking(
        ctx,
        () -> {
          ResourcePath path = ResourcePath.parse(raw);
          QueryOptions options = QueryOptions.of(params);
          return reader.read(path, options, base, raw, params);
        },
        answer -> {
          if (answer.text() != null) {
            ctx.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(answer.text());
          } else {
            json(ctx, 200, answer.json());
          }
        });
  }

  private void write(RoutingContext ctx) {
    BasicCredentials presented = BasicCredentials.of(ctx.request().getHeader("Authorization"));
    if (presented == null) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"cantho-ioc-sta\"");
      error(
          ctx,
          401,
          "Ghi cần chứng danh thiết bị hay cổng / writes need a device or gateway"
              + " credential (HTTP Basic)");
      return;
    }
    String raw = rawPath(ctx);
    String base = base(ctx);
    HttpMethod method = ctx.request().method();
    byte[] bytes =
        ctx.body() == null || ctx.body().buffer() == null
            ? new byte[0]
            : ctx.body().buffer().getBytes();
    blocking(
        ctx,
        () -> {
          DeviceGrant grant =
              credentials
                  .check(presented.username(), presented.password())
                  .filter(DeviceGrant::sends)
                  .orElseThrow(
                      () -> new StaException(401, "Chứng danh không hợp lệ / invalid credential"));
          try {
            return apply(method, raw, bytes, grant, base);
          } catch (StaException e) {
            if (e.status() == 400 && !e.quarantined()) {
              quarantine(method, raw, e.getMessage(), bytes);
            }
            throw e;
          }
        },
        done -> {
          if (done == null) {
            ctx.response().setStatusCode(200).end();
          } else if (method == HttpMethod.POST) {
            ctx.response().putHeader("Location", done.getString("@iot.selfLink"));
            json(ctx, 201, done);
          } else {
            json(ctx, 200, done);
          }
        });
  }

  /** Runs one write; returns the entity as it now reads, or null for a delete. */
  private JsonObject apply(
      HttpMethod method, String raw, byte[] bytes, DeviceGrant grant, String base)
      throws Exception {
    ResourcePath path = ResourcePath.parse(raw);
    String owner = grant.username();
    if (method == HttpMethod.DELETE) {
      writer.delete(path, owner);
      return null;
    }
    JsonObject body;
    try {
      body = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw StaException.badRequest(
          "Thân phải là một đối tượng JSON / the body must be a JSON object");
    }
    if (method == HttpMethod.POST) {
      var stream = iocObservations.target(path, body);
      if (stream.isPresent()) {
        // Published on the open topics once committed, with every reading of the stream.
        return entity(
            base, EntitySet.OBSERVATIONS, iocObservations.post(stream.get(), body, grant));
      }
      StaWriter.Created created = writer.create(path, body, owner);
      JsonObject entity = entity(base, created.set(), created.id());
      mqtt.created(created.set(), entity);
      return entity;
    }
    writer.update(path, body, owner, method == HttpMethod.PUT);
    JsonObject entity = entity(base, path.target(), path.last().id());
    mqtt.updated(path.target(), entity, body.fieldNames());
    return entity;
  }

  /** An entity as a GET of it would answer. */
  private JsonObject entity(String base, EntitySet set, long id) throws Exception {
    ResourcePath one =
        new ResourcePath(List.of(new ResourcePath.Step(set, null, id)), null, false, false);
    return reader.read(one, QueryOptions.none(), base, "", Map.of()).json();
  }

  private void quarantine(HttpMethod method, String raw, String reason, byte[] bytes) {
    ingest
        .reject(
            new Rejected(
                IocObservations.SOURCE,
                method + " " + ROOT + "/" + raw,
                null,
                reason,
                bytes,
                clock.instant()))
        .onFailure(e -> LOG.warn("Could not quarantine a refused SensorThings write", e));
  }

  private <T> void blocking(RoutingContext ctx, Callable<T> work, io.vertx.core.Handler<T> answer) {
    worker
        .executeBlocking(work, false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                answer.handle(done.result());
              } else {
                ctx.fail(done.cause());
              }
            });
  }

  private void failure(RoutingContext ctx) {
    Throwable cause = ctx.failure();
    if (cause instanceof StaException e) {
      error(ctx, e.status(), e.getMessage());
    } else if (ctx.statusCode() == 413) {
      error(ctx, 413, "Thân quá lớn / body too large");
    } else {
      LOG.error("SensorThings request failed", cause);
      error(ctx, 500, "Lỗi máy chủ / server error");
    }
  }

  private static void error(RoutingContext ctx, int status, String message) {
    json(
        ctx,
        status,
        new JsonObject().put("code", status).put("type", "error").put("message", message));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }
}
