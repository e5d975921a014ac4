package vn.cantho.ioc.deploy;

/**
 * A command that understood its arguments but will not do what they ask, for a reason the user can
 * act on (a damaged backup, a database that is not empty): printed as one line, without the usage.
 */
final class CommandRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandRefused(String message) {
    super(message);
  }

  CommandRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
