package vn.cantho.ioc.core.alert;

/**
 * An alert that changed, published on the event bus at {@link #ADDRESS} after its transition is
 * committed (for the live feed and, later, notifications).
 *
 * @param kind raised, escalated, cleared, acknowledged or closed
 */
public record AlertEvent(String kind, Alert alert) {
  public static final String ADDRESS = "ioc.alerts";

  /**
   * A transition another node of the cluster committed (ADR 0022), with the alert as the database
   * held it when this node read it: for the live feed, not for work done once per transition.
   */
  public static final String ELSEWHERE_ADDRESS = "ioc.alerts.elsewhere";
}
