package vn.cantho.ioc.core.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer that keep browsers from misusing it: no MIME sniffing, no framing, no
 * referrer, scripts and connections from this origin only (Leaflet sets inline styles, so styles
 * may be inline), and HSTS when served over TLS.
 */
final class SecurityHeaders implements Handler<RoutingContext> {
  static final String CSP = csp(BaseMap.NONE);

  private final boolean tls;
  private final String csp;

  SecurityHeaders(boolean tls, BaseMap baseMap) {
    this.tls = tls;
    this.csp = csp(baseMap);
  }

  /** Images from this origin, and from the base map's tile server when one is configured. */
  static String csp(BaseMap baseMap) {
    return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
        + " img-src 'self' data:"
        + (baseMap.configured() ? " " + baseMap.origin() : "")
        + "; connect-src 'self'; object-src 'none'; base-uri 'none';"
        + " frame-ancestors 'none'; form-action 'self'";
  }

  @Override
  public void handle(RoutingContext ctx) {
    var headers = ctx.response().headers();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Content-Security-Policy", csp);
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    if (tls) {
      headers.set("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }
}
