package vn.cantho.ioc.traffic.detect;

import java.util.Locale;

/** The automatic incident detection methods a corridor can run. */
public enum DetectionMethod {
  /** California algorithm #8: the published baseline (docs/traffic-incident-detection.md §1). */
  CALIFORNIA8,
  /** Baseline-relative pair discontinuity: the feature's own method (§2). */
  BPD;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DetectionMethod fromCode(String code) {
    for (DetectionMethod m : values()) {
      if (m.code().equals(code)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown detection method: " + code);
  }
}
