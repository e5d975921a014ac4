package vn.cantho.ioc.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An HTTP Basic {@code Authorization} header's user name and password (RFC 7617), as gateways
 * present device credentials to HTTP ingest and to open data's writes.
 */
public record BasicCredentials(String username, String password) {
  /** Null when the header is missing or not well-formed Basic. */
  public static BasicCredentials of(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon <= 0
        ? null
        : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  @Override
  public String toString() {
    return "BasicCredentials[" + username + ", password hidden]";
  }
}
