package vn.cantho.ioc.core.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import vn.cantho.ioc.core.auth.LoginGuard;
import vn.cantho.ioc.core.auth.RefreshTokens;
import vn.cantho.ioc.core.auth.User;
import vn.cantho.ioc.core.auth.UserStore;

/**
 * {@code POST /api/v1/auth/token} (user name and password) and {@code POST /api/v1/auth/refresh} (a
 * refresh token): both answer a new access token and a new refresh token. Every sign-in, failed
 * sign-in, lock and refresh-token replay is audited.
 */
final class TokenHandler {
  /** Password checks waiting or running; beyond, 503: Argon2id is costly by design. */
  static final int MAX_CHECKS = 16;

  private final ApiSecurity security;
  private final Authn authn;
  private final WorkerExecutor db;
  private final WorkerExecutor hashing;
  private final RateLimiter limiter;
  private final AtomicInteger checks = new AtomicInteger();

  /**
   * @param hashing a pool of its own for password checks, so sign-in floods cannot stall the
   *     database work of every other request
   */
  TokenHandler(
      ApiSecurity security,
      Authn authn,
      WorkerExecutor db,
      WorkerExecutor hashing,
      RateLimiter limiter) {
    this.security = security;
    this.authn = authn;
    this.db = db;
    this.hashing = hashing;
    this.limiter = limiter;
  }

  void token(RoutingContext ctx) {
    String ip = ClientAddress.of(ctx);
    if (!limiter.tryAcquire(ip)) {
      tooMany(ctx, "rate_limited", "too many sign-in requests; slow down", Duration.ofSeconds(1));
      return;
    }
    JsonObject body = JsonBodies.object(ctx);
    String username = JsonBodies.text(body, "username");
    if (username.length() > UserStore.MAX_NAME_LENGTH) {
      // Refused before any lookup or count, so a long name is never stored or kept as a key.
      throw new BadRequest("username is longer than " + UserStore.MAX_NAME_LENGTH + " characters");
    }
    char[] password = JsonBodies.text(body, "password").toCharArray();
    LoginGuard guard = security.loginGuard();
    Optional<Duration> locked = guard.lockedFor(username, ip);
    if (locked.isPresent()) {
      tooMany(
          ctx, "locked", "too many wrong passwords; sign-in is locked for a while", locked.get());
      return;
    }
    if (!guard.begin(username, ip)) {
      tooMany(ctx, "busy", "a sign-in for this user is already being checked", Duration.ZERO);
      return;
    }
    if (checks.incrementAndGet() > MAX_CHECKS) {
      checks.decrementAndGet();
      guard.end(username, ip);
      ctx.response().putHeader("Retry-After", "1");
      Responses.error(ctx, 503, "busy", "too many sign-ins at once; try again");
      return;
    }
    hashing
        .<Optional<User>>executeBlocking(
            () -> security.users().authenticate(username, password), false)
        .onComplete(
            done -> {
              checks.decrementAndGet();
              guard.end(username, ip);
            })
        .compose(
            user -> {
              if (user.isPresent()) {
                guard.succeeded(username, ip);
                authn.record(username, "login", username, ip);
                return issue(user.get());
              }
              authn.record(null, "login.failed", username, ip);
              guard
                  .failed(username, ip)
                  .ifPresent(lock -> authn.record(null, "login.locked", lock.key(), ip));
              return Future.succeededFuture(null);
            })
        .onFailure(ctx::fail)
        .onSuccess(
            tokens -> {
              if (tokens == null) {
                Responses.error(ctx, 401, "invalid_credentials", "wrong user name or password");
              } else {
                Responses.ok(ctx, tokens);
              }
            });
  }

  void refresh(RoutingContext ctx) {
    String ip = ClientAddress.of(ctx);
    if (!limiter.tryAcquire(ip)) {
      tooMany(ctx, "rate_limited", "too many sign-in requests; slow down", Duration.ofSeconds(1));
      return;
    }
    String token = JsonBodies.text(JsonBodies.object(ctx), "refresh_token");
    db.executeBlocking(() -> security.refreshTokens().use(token), false)
        .compose(
            outcome -> {
              if (outcome instanceof RefreshTokens.Outcome.Valid valid) {
                return db.<Optional<User>>executeBlocking(
                        () -> security.users().find(valid.username()), false)
                    .compose(
                        user ->
                            user.isPresent() && !user.get().disabled()
                                ? issue(user.get())
                                : Future.succeededFuture(null));
              }
              if (outcome instanceof RefreshTokens.Outcome.Replayed replayed) {
                authn.record(replayed.username(), "token.replayed", replayed.username(), ip);
              }
              return Future.succeededFuture(null);
            })
        .onFailure(ctx::fail)
        .onSuccess(
            tokens -> {
              if (tokens == null) {
                Responses.error(
                    ctx, 401, "invalid_grant", "refresh token unknown, used or expired: sign in");
              } else {
                Responses.ok(ctx, tokens);
              }
            });
  }

  private Future<JsonObject> issue(User user) {
    return db.executeBlocking(
        () ->
            new JsonObject()
                .put("access_token", security.localTokens().issue(user))
                .put("token_type", "Bearer")
                .put("expires_in", security.localTokens().ttl().toSeconds())
                .put("refresh_token", security.refreshTokens().issue(user))
                .put("username", user.username())
                .put("role", user.role().code())
                .put("zones", new JsonArray(user.zones())),
        false);
  }

  private static void tooMany(RoutingContext ctx, String code, String message, Duration wait) {
    ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
    Responses.error(ctx, 429, code, message);
  }
}
