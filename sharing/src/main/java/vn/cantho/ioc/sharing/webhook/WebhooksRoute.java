package vn.cantho.ioc.sharing.webhook;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.ClientAddress;
import vn.cantho.ioc.core.api.JsonBodies;
import vn.cantho.ioc.core.api.Paging;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.api.Responses;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.export.ExportDataset;

/**
 * The admin's webhooks: register one (the secret is made here and shown once, in the 201 answer, as
 * device credentials are), list them, remove one, and read its deliveries' end states. Adding and
 * removing are audited, never with the secret.
 */
public final class WebhooksRoute {
  private final Webhooks webhooks;
  private final Deliveries deliveries;
  private final SecretBox secrets;
  private final Supplier<List<ExportDataset>> datasets;
  private final Authn authn;
  private final WorkerExecutor worker;
  private final Clock clock;

  /**
   * @param secrets null when the node has no {@code IOC_SHARING_SECRET_KEY}: registering answers
   *     503
   */
  public WebhooksRoute(
      Webhooks webhooks,
      Deliveries deliveries,
      SecretBox secrets,
      Supplier<List<ExportDataset>> datasets,
      Authn authn,
      WorkerExecutor worker,
      Clock clock) {
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.secrets = secrets;
    this.datasets = datasets;
    this.authn = authn;
    this.worker = worker;
    this.clock = clock;
  }

  public void add(RoutingContext ctx) {
    if (secrets == null) {
      Responses.error(
          ctx,
          503,
          "not_configured",
          "webhooks need IOC_SHARING_SECRET_KEY (32 bytes, base64) on every node; the pull feed"
              + " works without it");
      return;
    }
    JsonObject body = JsonBodies.object(ctx);
    String url = JsonBodies.text(body, "url");
    checkUrl(url);
    List<String> wanted = JsonBodies.texts(body, "datasets");
    Set<String> withEvents =
        datasets.get().stream()
            .filter(d -> d.events() != null)
            .map(ExportDataset::name)
            .collect(Collectors.toSet());
    if (wanted.isEmpty() || !withEvents.containsAll(wanted)) {
      throw new BadRequest("datasets must be some of " + withEvents.stream().sorted().toList());
    }
    List<String> zones = body.containsKey("zones") ? JsonBodies.texts(body, "zones") : null;
    String secret = Secrets.newSecret();
    Caller caller = Authn.caller(ctx);
    worker
        .executeBlocking(
            () ->
                webhooks.add(
                    url, wanted, zones, secrets.seal(secret), caller.username(), clock.instant()),
            false)
        .onFailure(e -> Responses.failure(ctx, e))
        .onSuccess(
            hook -> {
              authn.record(
                  caller.username(),
                  "sharing.webhook.add",
                  "webhook:" + hook.id() + " " + hook.url(),
                  ClientAddress.of(ctx));
              Responses.json(ctx, 201, hook.json().put("secret", secret).encode());
            });
  }

  public void list(RoutingContext ctx) {
    Responses.okFromWorker(
        ctx,
        worker,
        () -> {
          JsonArray items = new JsonArray();
          webhooks.all().forEach(w -> items.add(w.json()));
          return new JsonObject().put("items", items);
        });
  }

  public void remove(RoutingContext ctx) {
    long id = id(ctx);
    Caller caller = Authn.caller(ctx);
    worker
        .executeBlocking(() -> webhooks.deactivate(id), false)
        .onFailure(e -> Responses.failure(ctx, e))
        .onSuccess(
            removed -> {
              if (!removed) {
                Responses.error(ctx, 404, "not_found", "no active webhook " + id);
                return;
              }
              authn.record(
                  caller.username(),
                  "sharing.webhook.remove",
                  "webhook:" + id,
                  ClientAddress.of(ctx));
              ctx.response().setStatusCode(204).end();
            });
  }

  public void deliveries(RoutingContext ctx) {
    long id = id(ctx);
    String state = QueryParams.text(ctx, "state");
    if (state != null && !Set.of("pending", "sending", "delivered", "failed").contains(state)) {
      throw new BadRequest("state must be pending, sending, delivered or failed");
    }
    var paging = Paging.newestFirst(ctx);
    worker
        .executeBlocking(
            () -> webhooks.find(id).isEmpty() ? null : deliveries.of(id, state, paging), false)
        .onFailure(e -> Responses.failure(ctx, e))
        .onSuccess(
            page -> {
              if (page == null) {
                Responses.error(ctx, 404, "not_found", "no webhook " + id);
                return;
              }
              Responses.ok(
                  ctx,
                  Paging.json(
                      page,
                      d ->
                          new JsonObject()
                              .put("id", d.id())
                              .put("eventId", d.eventId())
                              .put("type", d.type())
                              .put("state", d.state())
                              .put("attempts", d.attempts())
                              .put("nextAttemptAt", d.nextAttemptAt().toString())
                              .put("lastDetail", d.lastDetail())
                              .put(
                                  "deliveredAt",
                                  d.deliveredAt() == null ? null : d.deliveredAt().toString())));
            });
  }

  private static long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new BadRequest("webhook id is a whole number", e);
    }
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null
          || uri.getUserInfo() != null) {
        throw new BadRequest("url must be an absolute http(s) URL without user info");
      }
    } catch (URISyntaxException e) {
      throw new BadRequest("url is not a URL: " + e.getMessage(), e);
    }
  }
}
