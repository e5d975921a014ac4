package vn.cantho.ioc.traffic.incident;

import java.util.Locale;
import java.util.Set;

/**
 * Where an incident stands in the traffic staff's work: new → verified → dispatched → cleared, or
 * false alarm from any open state. Cleared and false alarm are final.
 */
public enum IncidentStatus {
  NEW("Mới", "New"),
  VERIFIED("Đã xác minh", "Verified"),
  DISPATCHED("Đã điều lực lượng", "Dispatched"),
  CLEARED("Đã giải tỏa", "Cleared"),
  FALSE_ALARM("Báo động sai", "False alarm");

  private final String vi;
  private final String en;

  IncidentStatus(String vi, String en) {
    this.vi = vi;
    this.en = en;
  }

  /** True once nothing more can happen to the incident. */
  public boolean isFinal() {
    return this == CLEARED || this == FALSE_ALARM;
  }

  /** The states this one may move to. */
  public Set<IncidentStatus> next() {
    return switch (this) {
      case NEW -> Set.of(VERIFIED, FALSE_ALARM);
      case VERIFIED -> Set.of(DISPATCHED, FALSE_ALARM);
      case DISPATCHED -> Set.of(CLEARED, FALSE_ALARM);
      case CLEARED, FALSE_ALARM -> Set.of();
    };
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

  public static IncidentStatus fromCode(String code) {
    for (IncidentStatus s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown incident status: " + code);
  }
}
