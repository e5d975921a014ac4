package vn.cantho.ioc.opendata.sta;

/**
 * A request the service refuses, with its HTTP status and a message for the caller (Vietnamese
 * first, the English after a slash, as the API's other errors).
 */
public final class StaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean quarantined;

  public StaException(int status, String message) {
    this(status, message, false);
  }

  private StaException(int status, String message, boolean quarantined) {
    super(message);
    this.status = status;
    this.quarantined = quarantined;
  }

  /** Refused input the ingest pipeline has already quarantined with its reason. */
  static StaException quarantined(String message) {
    return new StaException(400, message, true);
  }

  public boolean quarantined() {
    return quarantined;
  }

  public int status() {
    return status;
  }

  static StaException badRequest(String message) {
    return new StaException(400, message);
  }

  static StaException notFound(String message) {
    return new StaException(404, message);
  }
}
