package vn.cantho.ioc.lighting.fault;

/**
 * Raise after N consecutive bad samples, clear after M consecutive good ones: the hysteresis of
 * every fault. A sample the rule cannot judge breaks both streaks, so "consecutive" means what it
 * says, but it leaves a raised fault raised: a dead lamp stays reported through the day. A sample
 * skipped for the grace after a commanded change neither counts nor breaks.
 */
final class FaultTracker {
  private final int raiseSamples;
  private final int clearSamples;
  private int bad;
  private int good;
  private boolean active;

  FaultTracker(int raiseSamples, int clearSamples) {
    this.raiseSamples = raiseSamples;
    this.clearSamples = clearSamples;
  }

  /** Returns the transition this sample causes, or null. */
  FaultEvent.Transition observe(Verdict verdict) {
    switch (verdict) {
      case BAD -> {
        good = 0;
        bad++;
        if (!active && bad >= raiseSamples) {
          active = true;
          return FaultEvent.Transition.RAISED;
        }
      }
      case GOOD -> {
        bad = 0;
        good++;
        if (active && good >= clearSamples) {
          active = false;
          return FaultEvent.Transition.CLEARED;
        }
      }
      case UNKNOWN -> {
        bad = 0;
        good = 0;
      }
      case SKIPPED -> {
        // the streaks wait
      }
    }
    return null;
  }

  /** Raises at once, for a condition judged as a whole rather than sample by sample. */
  void raise() {
    active = true;
    bad = 0;
    good = 0;
  }

  boolean active() {
    return active;
  }
}
