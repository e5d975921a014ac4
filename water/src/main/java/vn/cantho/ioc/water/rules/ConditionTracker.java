package vn.cantho.ioc.water.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import vn.cantho.ioc.core.alert.Severity;

/**
 * One rule watching one device's samples, in order: raises when a level holds long enough,
 * escalates when a worse level holds long enough, clears when the value is back past the first
 * threshold by the hysteresis. An alert keeps its worst severity until cleared: a DO that rises
 * from 1.5 to 2.5 mg/L is still a pond in danger. Not thread-safe: one tracker per rule and device,
 * fed by one thread.
 */
public final class ConditionTracker {
  /** What a sample changed. */
  public record Transition(Kind kind, Severity severity, Instant at, double value) {
    /** Raised a new alert, made an open one worse, or cleared it. */
    public enum Kind {
      RAISED,
      ESCALATED,
      CLEARED
    }
  }

  private final ThresholdRule rule;
  private Severity active;
  private Severity pending;
  private int pendingSamples;
  private Instant pendingSince;

  public ConditionTracker(ThresholdRule rule) {
    this.rule = rule;
  }

  /** Starts from an alert already open (after a restart), so it is not raised twice. */
  public ConditionTracker(ThresholdRule rule, Severity open) {
    this(rule);
    this.active = open;
  }

  public Optional<Severity> active() {
    return Optional.ofNullable(active);
  }

  public Optional<Transition> onSample(Instant ts, double value) {
    Severity level = rule.levelOf(value);
    if (active != null && rule.recovered(value)) {
      active = null;
      resetPending();
      return Optional.of(new Transition(Transition.Kind.CLEARED, null, ts, value));
    }
    boolean worse = level != null && (active == null || level.compareTo(active) > 0);
    if (!worse) {
      resetPending();
      return Optional.empty();
    }
    if (pending == null) {
      pending = level;
      pendingSamples = 0;
      pendingSince = ts;
    } else if (level.compareTo(pending) < 0) {
      pending = level; // sustained at the milder of the levels seen
    }
    pendingSamples++;
    if (pendingSamples < rule.minSamples()
        && Duration.between(pendingSince, ts).compareTo(rule.minDuration()) < 0) {
      return Optional.empty();
    }
    Transition.Kind kind = active == null ? Transition.Kind.RAISED : Transition.Kind.ESCALATED;
    active = pending;
    resetPending();
    return Optional.of(new Transition(kind, active, ts, value));
  }

  private void resetPending() {
    pending = null;
    pendingSamples = 0;
    pendingSince = null;
  }
}
