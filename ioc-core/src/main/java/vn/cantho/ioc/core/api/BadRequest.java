package vn.cantho.ioc.core.api;

/** A request the API cannot answer as asked; becomes a 400 with the message. */
public final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequest(String message) {
    super(message);
  }

  public BadRequest(String message, Throwable cause) {
    super(message, cause);
  }
}
