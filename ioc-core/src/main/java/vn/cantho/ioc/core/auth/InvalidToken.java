package vn.cantho.ioc.core.auth;

/** A token that does not prove anything: malformed, forged, expired or from an unknown issuer. */
public final class InvalidToken extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidToken(String message) {
    super(message);
  }

  public InvalidToken(String message, Throwable cause) {
    super(message, cause);
  }
}
