package vn.cantho.ioc.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import vn.cantho.ioc.adapters.codec.Decoded;
import vn.cantho.ioc.adapters.codec.Json;
import vn.cantho.ioc.adapters.codec.JsonReadingCodec;
import vn.cantho.ioc.adapters.codec.SenmlCodec;
import vn.cantho.ioc.core.api.ApiExtension;
import vn.cantho.ioc.core.api.ClientAddress;
import vn.cantho.ioc.core.api.RateLimiter;
import vn.cantho.ioc.core.auth.BasicCredentials;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;
import vn.cantho.ioc.core.catalog.Metric;
import vn.cantho.ioc.core.catalog.MetricCatalog;
import vn.cantho.ioc.core.device.DeviceIds;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.reading.ReadingSink;
import vn.cantho.ioc.core.reading.Rejected;

/**
 * {@code POST /api/v1/ingest} for gateways: a batch in the project's JSON (an array of {@code
 * {"deviceId","ts","values"}}) or SenML ({@code application/senml+json}). Answers 202 once
 * everything is committed, or 400 listing each rejected item with its reason (the valid ones are
 * stored all the same, and the rejected ones quarantined).
 *
 * <p>Every request carries a device or gateway credential as HTTP Basic ({@code Authorization:
 * Basic base64(username:password)}); without a valid one the answer is 401, and a batch naming a
 * device the credential may not send for is refused whole with 403. Each client address is
 * rate-limited (429 with Retry-After).
 *
 * <p>Submitting may block while the pipeline is full, so it runs on a small worker pool; past
 * {@link #MAX_IN_FLIGHT} requests the endpoint answers 503 with Retry-After instead of queueing
 * without bound.
 */
public final class HttpIngestEndpoint implements ApiExtension {
  static final int MAX_BODY_BYTES = 1024 * 1024;
  static final int MAX_IN_FLIGHT = 64;
  static final double REQUESTS_PER_SECOND = 200;
  static final int REQUEST_BURST = 400;
  private static final String SOURCE = "http";
  private static final String TOPIC = "POST /api/v1/ingest";

  private final ReadingSink sink;
  private final DeviceRegistry registry;
  private final MetricCatalog catalog;
  private final Clock clock;
  private final WorkerExecutor workers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final DeviceCredentials credentials;
  private final RateLimiter perAddress;

  public HttpIngestEndpoint(
      Vertx vertx,
      ReadingSink sink,
      DeviceRegistry registry,
      MetricCatalog catalog,
      DeviceCredentials credentials,
      Clock clock) {
    this.sink = sink;
    this.credentials = credentials;
    this.perAddress = new RateLimiter(REQUESTS_PER_SECOND, REQUEST_BURST, clock);
    this.registry = registry;
    this.catalog = catalog;
    this.clock = clock;
    this.workers = vertx.createSharedWorkerExecutor("ioc-http-ingest", 4);
  }

  @Override
  public void mount(Router router) {
    router
        .post("/api/v1/ingest")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::handle);
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/adapters/http/openapi/ingest.json");
  }

  private void handle(RoutingContext ctx) {
    if (!perAddress.tryAcquire(ClientAddress.of(ctx))) {
      ctx.response().setStatusCode(429).putHeader("Retry-After", "1").end();
      return;
    }
    BasicCredentials presented = BasicCredentials.of(ctx.request().getHeader("Authorization"));
    if (presented == null) {
      refuse(ctx, 401, "send a device or gateway credential: Authorization: Basic ...");
      return;
    }
    // The gate comes before the credential lookup, so unauthenticated floods queue nothing.
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      ctx.response().setStatusCode(503).putHeader("Retry-After", "1").end();
      return;
    }
    workers
        .executeBlocking(() -> credentials.check(presented.username(), presented.password()), false)
        .onComplete(
            checked -> {
              if (checked.failed()) {
                inFlight.decrementAndGet();
                ctx.fail(checked.cause());
              } else if (checked.result().isEmpty() || !checked.result().get().sends()) {
                inFlight.decrementAndGet();
                refuse(ctx, 401, "device credential not valid");
              } else {
                ingest(ctx, checked.result().get());
              }
            });
  }

  private static void refuse(RoutingContext ctx, int status, String message) {
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"cantho-ioc-ingest\"");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(
            new JsonObject()
                .put("error", status == 401 ? "unauthorized" : "forbidden")
                .put("message", message)
                .encode());
  }

  /** Called holding one in-flight slot, which it gives back when the answer is sent. */
  private void ingest(RoutingContext ctx, DeviceGrant grant) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    Instant now = clock.instant();
    String type = String.valueOf(ctx.request().getHeader("Content-Type"));
    Batch batch = type.startsWith("application/senml+json") ? senml(body, now) : json(body, now);
    // Undecodable items too: they are quarantined under the device they name.
    List<String> foreign =
        java.util.stream.Stream.concat(
                batch.readings().stream().map(Reading::deviceId),
                batch.problems().stream().map(Problem::deviceId).filter(id -> id != null))
            .filter(id -> !grant.maySendFor(id))
            .distinct()
            .toList();
    if (!foreign.isEmpty()) {
      inFlight.decrementAndGet();
      refuse(ctx, 403, grant.username() + " may not send for " + String.join(", ", foreign));
      return;
    }
    workers
        .executeBlocking(() -> commit(batch, body, now), false)
        .compose(f -> f)
        .onComplete(
            done -> {
              inFlight.decrementAndGet();
              if (done.failed()) {
                ctx.fail(done.cause());
              } else {
                answer(ctx, batch, done.result());
              }
            });
  }

  /** Quarantines what could not be decoded and submits the rest; completes when all committed. */
  private Future<Map<Integer, String>> commit(Batch batch, byte[] body, Instant now) {
    List<Future<?>> commits = new ArrayList<>();
    for (Problem p : batch.problems()) {
      byte[] raw = p.fragment() == null ? body : p.fragment().getBytes(StandardCharsets.UTF_8);
      commits.add(sink.reject(new Rejected(SOURCE, TOPIC, p.deviceId(), p.reason(), raw, now)));
    }
    Future<Map<Integer, String>> stored =
        batch.readings().isEmpty()
            ? Future.succeededFuture(Map.of())
            : sink.submitReporting(batch.readings());
    commits.add(stored);
    return Future.all(commits).compose(v -> stored);
  }

  private void answer(RoutingContext ctx, Batch batch, Map<Integer, String> refused) {
    JsonArray rejected = new JsonArray();
    for (Problem p : batch.problems()) {
      JsonObject item = new JsonObject().put("reason", p.reason());
      if (p.item() >= 0) {
        item.put("item", p.item());
      }
      if (p.fragment() != null && p.item() < 0) {
        item.put("record", p.fragment());
      }
      rejected.add(item);
    }
    refused.forEach(
        (index, reason) -> {
          Reading r = batch.readings().get(index);
          rejected.add(
              new JsonObject()
                  .put("item", batch.itemOf().get(index))
                  .put("deviceId", r.deviceId())
                  .put("metric", r.metric())
                  .put("reason", reason));
        });
    int accepted = batch.readings().size() - refused.size();
    JsonObject body = new JsonObject().put("accepted", accepted);
    if (!rejected.isEmpty()) {
      body.put("rejected", rejected);
    }
    ctx.response()
        .setStatusCode(rejected.isEmpty() ? 202 : 400)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  private Batch json(byte[] body, Instant now) {
    Batch batch = new Batch();
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (java.io.IOException e) {
      batch.problems().add(new Problem(-1, null, "malformed JSON: " + Json.message(e), null));
      return batch;
    }
    if (root == null || !(root.isArray() || root.isObject())) {
      batch
          .problems()
          .add(new Problem(-1, null, "body must be a message object or an array of them", null));
      return batch;
    }
    List<JsonNode> messages = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(messages::add);
    } else {
      messages.add(root);
    }
    for (int item = 0; item < messages.size(); item++) {
      JsonNode message = messages.get(item);
      String deviceId = message.path("deviceId").asText(null);
      if (!DeviceIds.isValid(deviceId)) {
        batch
            .problems()
            .add(
                new Problem(
                    item, null, "deviceId missing or not a valid device id", message.toString()));
        continue;
      }
      Decoded decoded = JsonReadingCodec.decode(deviceId, message, now, SOURCE);
      for (Decoded.ItemError e : decoded.errors()) {
        batch
            .problems()
            .add(
                new Problem(
                    item,
                    deviceId,
                    e.reason(),
                    e.fragment() == null ? message.toString() : e.fragment()));
      }
      for (Reading r : decoded.readings()) {
        batch.add(r, item);
      }
    }
    return batch;
  }

  private Batch senml(byte[] body, Instant now) {
    Batch batch = new Batch();
    Decoded decoded = SenmlCodec.decode(body, null, this::catalogUnit, now, SOURCE);
    decoded
        .errors()
        .forEach(e -> batch.problems().add(new Problem(-1, null, e.reason(), e.fragment())));
    for (int i = 0; i < decoded.readings().size(); i++) {
      batch.add(decoded.readings().get(i), i);
    }
    return batch;
  }

  private String catalogUnit(Reading r) {
    return registry
        .find(r.deviceId())
        .flatMap(d -> catalog.find(d.domain(), r.metric()))
        .map(Metric::unit)
        .orElse(null);
  }

  /** Decoded readings, which request item each came from, and what could not be decoded. */
  private record Batch(List<Reading> readings, List<Integer> itemOf, List<Problem> problems) {
    Batch() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    void add(Reading r, int item) {
      readings.add(r);
      itemOf.add(item);
    }
  }

  /** What could not be decoded; item -1 when it is not one message of a JSON batch. */
  private record Problem(int item, String deviceId, String reason, String fragment) {}
}
