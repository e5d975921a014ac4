package vn.cantho.ioc.core.api;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.core.auth.Secrets;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * {@code GET/POST /api/v1/users}, {@code DELETE /api/v1/users/{name}}: the admin's user management,
 * the same as {@code ioc user}. A new user's password is generated, answered once and stored only
 * as a hash. Every change is audited.
 */
final class UsersHandler {
  private final UserStore users;
  private final Authn authn;
  private final WorkerExecutor db;

  UsersHandler(UserStore users, Authn authn, WorkerExecutor db) {
    this.users = users;
    this.authn = authn;
    this.db = db;
  }

  void list(RoutingContext ctx) {
    db.executeBlocking(users::list, false)
        .onFailure(ctx::fail)
        .onSuccess(
            all -> {
              JsonArray items = new JsonArray();
              all.forEach(u -> items.add(render(u)));
              Responses.ok(ctx, new JsonObject().put("items", items));
            });
  }

  void add(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx);
    String username = JsonBodies.text(body, "username");
    Role role;
    try {
      role = Role.fromCode(JsonBodies.text(body, "role"));
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage(), e);
    }
    List<String> zones = JsonBodies.texts(body, "zones");
    char[] password = Secrets.newPassword();
    String actor = Authn.caller(ctx).username();
    db.executeBlocking(() -> users.add(username, role, zones, password), false)
        .onFailure(
            e -> {
              if (e instanceof IllegalArgumentException) {
                Responses.error(ctx, 409, "refused", e.getMessage());
              } else {
                ctx.fail(e);
              }
            })
        .onSuccess(
            user -> {
              authn.record(actor, "user.add", username, ClientAddress.of(ctx));
              Responses.json(ctx, 201, render(user).put("password", new String(password)).encode());
            });
  }

  void delete(RoutingContext ctx) {
    String username = ctx.pathParam("name");
    String actor = Authn.caller(ctx).username();
    db.executeBlocking(() -> users.delete(username), false)
        .onFailure(ctx::fail)
        .onSuccess(
            deleted -> {
              if (!deleted) {
                Responses.error(ctx, 404, "not_found", "no user " + username);
                return;
              }
              authn.record(actor, "user.delete", username, ClientAddress.of(ctx));
              ctx.response().setStatusCode(204).end();
            });
  }

  private static JsonObject render(User u) {
    return new JsonObject()
        .put("username", u.username())
        .put("role", u.role().code())
        .put("zones", new JsonArray(u.zones()))
        .put("createdAt", u.createdAt().toString())
        .put("disabled", u.disabled());
  }
}
