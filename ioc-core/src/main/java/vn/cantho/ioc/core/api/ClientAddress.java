package vn.cantho.ioc.core.api;

import io.vertx.ext.web.RoutingContext;

/**
 * The address a request came from, as the socket says. Forwarded headers are not trusted: a proxy
 * in front of the IOC would make every client one address (documented in docs/security.md).
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    var address = ctx.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
