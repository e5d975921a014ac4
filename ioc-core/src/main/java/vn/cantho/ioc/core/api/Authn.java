package vn.cantho.ioc.core.api;

import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.auth.Caller;
import vn.cantho.ioc.core.auth.InvalidToken;
import vn.cantho.ioc.core.auth.Permission;
import vn.cantho.ioc.core.auth.TokenVerifier;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * Puts the verified {@link Caller} on every API request, or answers 401. A local user's token is
 * honoured only while the user row it was issued for exists, is enabled and has not changed its
 * password, role or zones since ({@link Caller.Binding}), and his current role and zones apply (not
 * those frozen in the token), so deleting or narrowing a user takes effect at once. Denials are
 * logged and audited.
 */
public final class Authn {
  private static final Logger LOG = LoggerFactory.getLogger(Authn.class);
  private static final String CALLER = "ioc.caller";

  private final TokenVerifier tokens;
  private final UserStore users;
  private final AuditLog audit;
  private final WorkerExecutor db;
  private final DenialBudget denials;

  Authn(
      TokenVerifier tokens,
      UserStore users,
      AuditLog audit,
      WorkerExecutor db,
      java.time.Clock clock) {
    this.tokens = tokens;
    this.users = users;
    this.audit = audit;
    this.db = db;
    this.denials = new DenialBudget(clock);
  }

  /** Requires a valid bearer token in the Authorization header. */
  public Handler<RoutingContext> bearer() {
    return ctx -> authenticate(ctx, headerToken(ctx));
  }

  /**
   * Also takes {@code ?access_token=}: browsers cannot set headers on a WebSocket. Query strings
   * are not logged by this server.
   */
  public Handler<RoutingContext> bearerOrQuery() {
    return ctx -> {
      String token = headerToken(ctx);
      authenticate(ctx, token != null ? token : ctx.request().getParam("access_token"));
    };
  }

  /** Lets the request on only when the caller's role has the permission; else 403. */
  public Handler<RoutingContext> require(Permission permission) {
    return ctx -> {
      Caller caller = caller(ctx);
      if (caller.may(permission)) {
        ctx.next();
      } else {
        deny(ctx, 403, "forbidden", "role " + caller.role().code() + " may not do this");
      }
    };
  }

  public static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw new IllegalStateException(
          "route mounted without authentication: " + ctx.normalizedPath());
    }
    return caller;
  }

  /** 404 for what the caller may not know exists; logged like any denial. */
  public void hidden(RoutingContext ctx, String message) {
    deny(ctx, 404, "not_found", message);
  }

  public void deny(RoutingContext ctx, int status, String code, String message) {
    Caller caller = ctx.get(CALLER);
    String actor = caller == null ? null : caller.username();
    String what = AuditLog.clip(ctx.request().method() + " " + ctx.request().path());
    String ip = ClientAddress.of(ctx);
    if (caller == null) {
      LOG.warn("Denied {} from {}: {} {}", what, ip, status, message);
    } else {
      // Bounded per user: a denial loop must not grow the append-only audit table at will.
      DenialBudget.Share share = denials.take(actor);
      if (share.dropped() > 0) {
        LOG.warn(
            "{} more denials of {} in the last minute were not logged", share.dropped(), actor);
        record(actor, "access.denied.dropped", share.dropped() + " denials not recorded", ip);
      }
      if (share.record()) {
        LOG.warn("Denied {} to {} from {}: {} {}", what, actor, ip, status, message);
        record(actor, "access.denied", what + " -> " + status, ip);
      }
    }
    Responses.error(ctx, status, code, message);
  }

  /** Appends to the audit log off the event loop; a failure to audit is logged, not hidden. */
  public void record(String actor, String action, String target, String ip) {
    db.executeBlocking(
            () -> {
              audit.record(actor, action, target, ip);
              return null;
            },
            false)
        .onFailure(e -> LOG.error("Could not audit {} {} {}", actor, action, target, e));
  }

  private void authenticate(RoutingContext ctx, String token) {
    if (token == null || token.isBlank()) {
      unauthorized(ctx, "sign in first: send Authorization: Bearer <access_token>");
      return;
    }
    // Off the event loop: a provider's key set may be fetched, a local user is read.
    db.executeBlocking(() -> verdict(token), false)
        .onFailure(ctx::fail)
        .onSuccess(
            verdict -> {
              if (verdict.caller() != null) {
                ctx.put(CALLER, verdict.caller());
                ctx.next();
              } else {
                unauthorized(ctx, verdict.refusal());
              }
            });
  }

  /** Either the caller or why there is none. */
  private record Verdict(Caller caller, String refusal) {}

  /** The caller the token proves, with a local user's current role and zones. */
  private Verdict verdict(String token) throws java.sql.SQLException {
    Caller claimed;
    try {
      claimed = tokens.verify(token);
    } catch (InvalidToken e) {
      return new Verdict(null, e.getMessage());
    }
    if (!claimed.local()) {
      return new Verdict(claimed, null);
    }
    Optional<User> user = users.find(claimed.username());
    if (user.isEmpty() || user.get().disabled()) {
      return new Verdict(null, "the token's user no longer exists or is disabled");
    }
    User u = user.get();
    if (claimed.binding() == null || !claimed.binding().matches(u)) {
      // Deleted and created again, or a new password or role since: the token is not his now.
      return new Verdict(null, "the token was issued before the user's sign-in details changed");
    }
    return new Verdict(
        new Caller(u.username(), u.role(), u.zones(), claimed.expiresAt(), true), null);
  }

  private static void unauthorized(RoutingContext ctx, String message) {
    LOG.info(
        "Unauthenticated {} {} from {}: {}",
        ctx.request().method(),
        AuditLog.clip(ctx.request().path()),
        ClientAddress.of(ctx),
        message);
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cantho-ioc\"");
    Responses.error(ctx, 401, "unauthorized", message);
  }

  private static String headerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }
}
