package vn.cantho.ioc.core.api;

import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The one check for control characters in what a client sends: query parameters ({@link
 * QueryParams}), path parameters ({@link #refuseInPath}) and every string of a JSON body ({@link
 * JsonBodies}). No id, name, address or time has them, and PostgreSQL refuses NUL in text, which
 * would otherwise surface as a 500 deep in a handler.
 */
final class ControlCharacters {
  private ControlCharacters() {}

  /** The value unchanged, or a 400 naming {@code what} when it holds a control character. */
  static String refuse(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new BadRequest(what + " must not contain control characters");
      }
    }
    return value;
  }

  /**
   * Router handler in front of every API route: refuses a path that decodes to a control character
   * (e.g. {@code /ponds/%00}) or does not decode at all, before any route reads its path
   * parameters.
   */
  static void refuseInPath(RoutingContext ctx) {
    String path = ctx.request().path();
    String decoded;
    try {
      // '+' is a plus in a path, not a space as in a form.
      decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("the path is not valid percent-encoding", e);
    }
    refuse("the path", decoded);
    ctx.next();
  }
}
