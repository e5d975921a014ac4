package vn.cantho.ioc.core.alert;

/**
 * An alert that changed, published on the event bus at {@link #ADDRESS} after its transition is
 * committed (for the live feed and, later, notifications).
 *
 * @param kind raised, escalated, cleared, acknowledged or closed
 */
public record AlertEvent(String kind, Alert alert) {
  public static final String ADDRESS = "ioc.alerts";
}
