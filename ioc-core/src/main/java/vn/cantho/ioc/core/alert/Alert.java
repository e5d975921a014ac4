package vn.cantho.ioc.core.alert;

import java.time.Instant;

/**
 * An alert as stored: which feature's rule, what, where, how bad, and where it is in its lifecycle.
 */
public record Alert(
    long id,
    RuleKey rule,
    String deviceId,
    String zoneId,
    String metric,
    Severity severity,
    State state,
    Instant raisedAt,
    double raisedValue,
    double lastValue,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant clearedAt) {

  /** Where an alert is: raised → acknowledged → cleared → closed. */
  public enum State {
    RAISED,
    ACKNOWLEDGED,
    CLEARED,
    CLOSED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean open() {
      return this == RAISED || this == ACKNOWLEDGED;
    }
  }
}
