package vn.cantho.ioc.core.export;

/** A dataset that is not the caller's to read (incidents to a farmer): 403, audited. */
public final class ExportRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExportRefused(String message) {
    super(message);
  }
}
