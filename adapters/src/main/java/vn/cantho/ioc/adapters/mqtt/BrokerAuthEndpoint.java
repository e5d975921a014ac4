package vn.cantho.ioc.adapters.mqtt;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.api.ApiExtension;
import vn.cantho.ioc.core.api.ClientAddress;
import vn.cantho.ioc.core.api.RateLimiter;
import vn.cantho.ioc.core.auth.DeviceCredentials;
import vn.cantho.ioc.core.auth.DeviceGrant;

/**
 * Device authentication and topic ACL for an external broker, in the two formats brokers speak
 * (docs/security.md has their configuration):
 *
 * <ul>
 *   <li>EMQX 5 HTTP authn and authz: {@code POST /api/v1/broker/emqx/authn} with {@code
 *       {"username","password","clientid"}} and {@code POST /api/v1/broker/emqx/authz} with {@code
 *       {"username","topic","action"}}; both answer 200 {@code {"result":"allow"|"deny"}}.
 *   <li>mosquitto-go-auth's HTTP backend in JSON params mode and status response mode: {@code POST
 *       /api/v1/broker/go-auth/user} ({@code username, password, clientid}), {@code .../superuser}
 *       ({@code username}) and {@code .../acl} ({@code username, clientid, topic, acc}: 1 read, 2
 *       write, 4 subscribe); 200 allows, 403 denies.
 * </ul>
 *
 * <p>The ACL calls carry no password: they are answered for a user name the broker has already
 * authenticated. Superuser is always refused. The client id must be the user name or start with it
 * and {@code :} ({@link TopicAcl#mayUseClientId}), the embedded broker's rule, so no credential can
 * take over the ingest node's session. Requests are rate-limited per broker address.
 */
public final class BrokerAuthEndpoint implements ApiExtension {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthEndpoint.class);
  private static final int BODY_LIMIT = 8 * 1024;

  private final DeviceCredentials credentials;
  private final WorkerExecutor workers;
  private final RateLimiter perBroker;

  public BrokerAuthEndpoint(Vertx vertx, DeviceCredentials credentials, Clock clock) {
    this.credentials = credentials;
    this.workers = vertx.createSharedWorkerExecutor("ioc-broker-auth", 2);
    this.perBroker = new RateLimiter(2_000, 4_000, clock);
  }

  @Override
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    router.post("/api/v1/broker/emqx/authn").handler(body).handler(this::emqxAuthn);
    router.post("/api/v1/broker/emqx/authz").handler(body).handler(this::emqxAuthz);
    router.post("/api/v1/broker/go-auth/user").handler(body).handler(this::goAuthUser);
    router
        .post("/api/v1/broker/go-auth/superuser")
        .handler(body)
        .handler(ctx -> status(ctx, false));
    router.post("/api/v1/broker/go-auth/acl").handler(body).handler(this::goAuthAcl);
  }

  @Override
  public List<String> openApiFragments() {
    return List.of("vn/cantho/ioc/adapters/mqtt/openapi/broker-auth.json");
  }

  private void emqxAuthn(RoutingContext ctx) {
    JsonObject in = params(ctx);
    if (in != null) {
      signIn(in).onSuccess(grant -> emqx(ctx, grant.isPresent()));
    }
  }

  private void emqxAuthz(RoutingContext ctx) {
    JsonObject in = params(ctx);
    if (in != null) {
      grantOf(in.getString("username"))
          .onSuccess(
              grant ->
                  emqx(
                      ctx,
                      grant.isPresent()
                          && allowed(grant.get(), in.getString("action"), in.getString("topic"))));
    }
  }

  private void goAuthUser(RoutingContext ctx) {
    JsonObject in = params(ctx);
    if (in != null) {
      signIn(in).onSuccess(grant -> status(ctx, grant.isPresent()));
    }
  }

  private void goAuthAcl(RoutingContext ctx) {
    JsonObject in = params(ctx);
    if (in == null) {
      return;
    }
    String action =
        switch (String.valueOf(in.getValue("acc"))) {
          case "2" -> "publish";
          case "4" -> "subscribe";
          case "1" -> "read";
          default -> "unknown";
        };
    grantOf(in.getString("username"))
        .onSuccess(
            grant ->
                status(
                    ctx, grant.isPresent() && allowed(grant.get(), action, in.getString("topic"))));
  }

  /**
   * Publish to an allowed uplink; subscribe (and receive, go-auth's "read") on the uplink filter
   * for nodes.
   */
  private static boolean allowed(DeviceGrant grant, String action, String topic) {
    if (topic == null || action == null) {
      return false;
    }
    return switch (action) {
      case "publish" -> TopicAcl.mayPublish(grant, topic);
      case "subscribe" -> TopicAcl.maySubscribe(grant, topic);
      case "read" -> TopicAcl.mayReceive(grant, topic);
      default -> false;
    };
  }

  /** The grant when the password is right and the client id belongs to the credential. */
  private io.vertx.core.Future<Optional<DeviceGrant>> signIn(JsonObject in) {
    String username = in.getString("username");
    if (!TopicAcl.mayUseClientId(username, in.getString("clientid"))) {
      return io.vertx.core.Future.succeededFuture(Optional.empty());
    }
    return workers.executeBlocking(
        () -> credentials.check(username, in.getString("password")), false);
  }

  /**
   * The grant of an already authenticated user, looked up without its secret. Only for ACL checks,
   * which the broker makes after authenticating the client with {@link #signIn}.
   */
  private io.vertx.core.Future<Optional<DeviceGrant>> grantOf(String username) {
    return workers.executeBlocking(() -> credentials.grant(username), false);
  }

  /** The request's JSON or form parameters; null after answering 429 or 400. */
  private JsonObject params(RoutingContext ctx) {
    if (!perBroker.tryAcquire(ClientAddress.of(ctx))) {
      ctx.response().setStatusCode(429).putHeader("Retry-After", "1").end();
      return null;
    }
    try {
      JsonObject json = ctx.body().asJsonObject();
      if (json != null) {
        return json;
      }
    } catch (RuntimeException e) {
      LOG.debug("broker auth body is not JSON, trying form parameters", e);
    }
    JsonObject form = new JsonObject();
    ctx.request().params().forEach(e -> form.put(e.getKey(), e.getValue()));
    return form;
  }

  private static void emqx(RoutingContext ctx, boolean allow) {
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("result", allow ? "allow" : "deny")
                .put("is_superuser", false)
                .encode());
  }

  private static void status(RoutingContext ctx, boolean allow) {
    ctx.response().setStatusCode(allow ? 200 : 403).end();
  }
}
