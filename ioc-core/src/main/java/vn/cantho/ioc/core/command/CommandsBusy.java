package vn.cantho.ioc.core.command;

/** The command queue cannot take a request this large now; the caller should try again later. */
public final class CommandsBusy extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CommandsBusy(String message) {
    super(message);
  }
}
