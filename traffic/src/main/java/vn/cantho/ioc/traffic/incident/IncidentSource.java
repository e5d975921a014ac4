package vn.cantho.ioc.traffic.incident;

import java.util.Locale;

/** Who reported it first. */
public enum IncidentSource {
  /** Automatic detection on the detector stations. */
  DETECTION,
  /** Traffic staff in the operations centre. */
  STAFF,
  /** A camera system's event, through the reports API. */
  CAMERA,
  /** A citizen's report (hotline, app), through the reports API. */
  CITIZEN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IncidentSource fromCode(String code) {
    for (IncidentSource s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown source: " + code);
  }
}
