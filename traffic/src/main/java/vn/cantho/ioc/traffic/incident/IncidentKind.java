package vn.cantho.ioc.traffic.incident;

import java.util.Locale;

/** What happened on the road; the detectors can only tell a queue ({@link #CONGESTION}). */
public enum IncidentKind {
  /** An abnormal queue found by detection, cause not yet known. */
  CONGESTION("Ùn tắc bất thường", "Abnormal congestion"),
  ACCIDENT("Tai nạn", "Accident"),
  /** A broken-down or stalled vehicle. */
  STALLED_VEHICLE("Xe chết máy", "Stalled vehicle"),
  /** Something on the road: fallen load, fallen tree, flooding. */
  OBSTRUCTION("Vật cản trên đường", "Obstruction"),
  /** A traffic violation seen by a camera or reported (plan item 90). */
  VIOLATION("Vi phạm giao thông", "Traffic violation"),
  OTHER("Khác", "Other");

  private final String vi;
  private final String en;

  IncidentKind(String vi, String en) {
    this.vi = vi;
    this.en = en;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String labelVi() {
    return vi;
  }

  public String labelEn() {
    return en;
  }

  public static IncidentKind fromCode(String code) {
    for (IncidentKind k : values()) {
      if (k.code().equals(code)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown incident kind: " + code);
  }
}
