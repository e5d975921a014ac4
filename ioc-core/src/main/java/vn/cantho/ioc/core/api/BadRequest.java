package vn.cantho.ioc.core.api;

/** A request the API cannot answer as asked; becomes a 400 with the message. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message);
  }

  BadRequest(String message, Throwable cause) {
    super(message, cause);
  }
}
