package vn.cantho.ioc.traffic.incident;

import java.util.Locale;

/** How much of the road an incident takes (DATEX II severity low, medium, high). */
public enum IncidentSeverity {
  LOW("Nhẹ", "Low"),
  MEDIUM("Trung bình", "Medium"),
  HIGH("Nghiêm trọng", "High");

  private final String vi;
  private final String en;

  IncidentSeverity(String vi, String en) {
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

  public static IncidentSeverity fromCode(String code) {
    for (IncidentSeverity s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown severity: " + code);
  }
}
