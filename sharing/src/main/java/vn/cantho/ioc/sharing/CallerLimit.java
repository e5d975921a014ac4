package vn.cantho.ioc.sharing;

import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import vn.cantho.ioc.core.api.Authn;
import vn.cantho.ioc.core.api.RateLimiter;

/**
 * One token bucket per signed-in caller for exports and the feed together: a bulk export is the
 * heaviest read the API serves, and a platform polling in a loop must not starve the operators'
 * map. Over the limit: 429 with Retry-After, audited as every denial (bounded per user).
 */
public final class CallerLimit {
  private final RateLimiter limiter;
  private final long retryAfterSeconds;
  private final Authn authn;

  public CallerLimit(double perSecond, int burst, Clock clock, Authn authn) {
    this.limiter = new RateLimiter(perSecond, burst, clock);
    this.retryAfterSeconds = Math.max(1, (long) Math.ceil(1 / perSecond));
    this.authn = authn;
  }

  /** True when the call may go on; otherwise it has been answered. */
  public boolean admit(RoutingContext ctx) {
    if (limiter.tryAcquire(Authn.caller(ctx).username())) {
      return true;
    }
    ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
    authn.deny(
        ctx,
        429,
        "rate_limited",
        "quá nhiều yêu cầu xuất dữ liệu; thử lại sau "
            + retryAfterSeconds
            + " giây (too many export requests)");
    return false;
  }
}
