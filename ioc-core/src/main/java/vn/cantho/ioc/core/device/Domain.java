package vn.cantho.ioc.core.device;

import java.util.Arrays;
import java.util.Optional;

/** The city services a device belongs to; the code is what topics, files and the API use. */
public enum Domain {
  WATER("water"),
  TRAFFIC("traffic"),
  LIGHTING("lighting"),
  /** Drainage pumping stations, tidal sluice gates and water-level gauges (urban flooding). */
  FLOOD("flood");

  private final String code;

  Domain(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<Domain> fromCode(String code) {
    return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
  }
}
