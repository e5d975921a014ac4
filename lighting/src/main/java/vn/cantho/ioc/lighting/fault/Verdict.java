package vn.cantho.ioc.lighting.fault;

/** What one sample says about one fault. */
enum Verdict {
  BAD,
  GOOD,
  /** The rule does not apply to this sample (lamp commanded off, inside the grace…). */
  UNKNOWN
}
