package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.notify.Channel;
import vn.cantho.ioc.core.notify.Language;
import vn.cantho.ioc.core.notify.Subscription;
import vn.cantho.ioc.core.notify.SubscriptionScopes;
import vn.cantho.ioc.core.notify.SubscriptionStore;

/**
 * {@code GET/POST /api/v1/subscriptions}, {@code DELETE /api/v1/subscriptions/{id}}: a user's own
 * subscriptions, never anyone else's: owners (farmers) and staff alike, whatever feature's alerts
 * they are to hear of. A subscription to one subject ({@code pond}: the field kept the name of the
 * first feature's subjects) needs one the user sees, as the feature that owns it says. At most
 * {@link #MAX_PER_USER}: each one can cost an SMS.
 */
public final class SubscriptionsHandler {
  static final int MAX_PER_USER = 20;

  private final SubscriptionStore subscriptions;
  private final SubscriptionScopes scopes;
  private final Authn authn;
  private final WorkerExecutor db;

  public SubscriptionsHandler(
      SubscriptionStore subscriptions, SubscriptionScopes scopes, Authn authn, WorkerExecutor db) {
    this.subscriptions = subscriptions;
    this.scopes = scopes;
    this.authn = authn;
    this.db = db;
  }

  public void list(RoutingContext ctx) {
    String user = Authn.caller(ctx).username();
    db.executeBlocking(() -> subscriptions.of(user), false)
        .onFailure(ctx::fail)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(s -> items.add(render(s)));
              Responses.ok(ctx, new JsonObject().put("items", items));
            });
  }

  public void add(RoutingContext ctx) {
    Caller caller = Authn.caller(ctx);
    Subscription wanted = parse(JsonBodies.object(ctx), caller.username());
    db.<Object>executeBlocking(
            () -> {
              if (wanted.pondId() != null && !scopes.visible(caller, wanted.pondId())) {
                return "hidden";
              }
              if (subscriptions.of(caller.username()).size() >= MAX_PER_USER) {
                return "full";
              }
              return subscriptions.add(wanted);
            },
            false)
        .onFailure(ctx::fail)
        .onSuccess(
            result -> {
              if ("hidden".equals(result)) {
                authn.hidden(ctx, "no pond " + wanted.pondId());
              } else if ("full".equals(result)) {
                Responses.error(
                    ctx, 409, "conflict", "at most " + MAX_PER_USER + " subscriptions per user");
              } else {
                Responses.json(ctx, 201, render((Subscription) result).encode());
              }
            });
  }

  public void delete(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new BadRequest("subscription id must be a number", e);
    }
    String user = Authn.caller(ctx).username();
    db.executeBlocking(() -> subscriptions.delete(id, user), false)
        .onFailure(ctx::fail)
        .onSuccess(
            deleted -> {
              if (deleted) {
                ctx.response().setStatusCode(204).end();
              } else {
                Responses.error(ctx, 404, "not_found", "no subscription " + id);
              }
            });
  }

  private static Subscription parse(JsonObject body, String user) {
    try {
      return parseFields(body, user);
    } catch (ClassCastException e) {
      throw new BadRequest(
          "pond, channel, address, language, minSeverity and quiet hours are strings", e);
    }
  }

  private static Subscription parseFields(JsonObject body, String user) {
    Channel channel =
        Channel.fromCode(JsonBodies.text(body, "channel"))
            .orElseThrow(() -> new BadRequest("channel must be sms, zalo, email or webhook"));
    Language language =
        Language.fromCode(body.getString("language", "vi"))
            .orElseThrow(() -> new BadRequest("language must be vi or en"));
    Severity min;
    try {
      min = Severity.valueOf(body.getString("minSeverity", "watch").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequest("minSeverity must be watch, warning or critical", e);
    }
    try {
      return new Subscription(
          0,
          user,
          body.getString("pond"),
          channel,
          JsonBodies.text(body, "address"),
          language,
          min,
          time(body, "quietStart"),
          time(body, "quietEnd"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage(), e);
    }
  }

  private static LocalTime time(JsonObject body, String field) {
    String value = body.getString(field);
    if (value == null) {
      return null;
    }
    try {
      return LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest(field + " must be a local time such as 22:00", e);
    }
  }

  private static JsonObject render(Subscription s) {
    return new JsonObject()
        .put("id", s.id())
        .put("pond", s.pondId())
        .put("channel", s.channel().code())
        .put("address", s.address())
        .put("language", s.language().code())
        .put("minSeverity", s.minSeverity().code())
        .put("quietStart", s.quietStart() == null ? null : s.quietStart().toString())
        .put("quietEnd", s.quietEnd() == null ? null : s.quietEnd().toString());
  }
}
