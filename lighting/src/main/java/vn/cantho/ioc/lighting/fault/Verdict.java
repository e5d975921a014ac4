package vn.cantho.ioc.lighting.fault;

/** What one sample says about one fault. */
enum Verdict {
  BAD,
  GOOD,
  /** The rule does not apply to this sample (lamp commanded off…): it breaks both streaks. */
  UNKNOWN,
  /**
   * Taken while the lamp may still be carrying out a new command (the grace after a commanded
   * change): neither evidence nor a break, the streaks wait for the next sample. Resetting them
   * instead would let a lamp that fails just before a dim step go unreported an interval longer.
   */
  SKIPPED
}
