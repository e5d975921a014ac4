package vn.cantho.ioc.geo;

/** A zone file that cannot be used, with a message that says where and why. */
public class ZoneFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ZoneFormatException(String message) {
    super(message);
  }

  public ZoneFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
