package vn.cantho.ioc.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * The three kinds of simulated field device. The codes are part of the MQTT topic and of the
 * registry file, so other modules depend on them exactly.
 */
public enum DeviceDomain {
  WATER("water", "wq", 15),
  TRAFFIC("traffic", "tf", 30),
  LIGHTING("lighting", "sl", 60);

  private final String code;
  private final String idPrefix;
  private final int reportIntervalS;

  DeviceDomain(String code, String idPrefix, int reportIntervalS) {
    this.code = code;
    this.idPrefix = idPrefix;
    this.reportIntervalS = reportIntervalS;
  }

  /** The value of {@link SimDevice#domain()} and the domain level of the MQTT topic. */
  public String code() {
    return code;
  }

  /** Device ids are this prefix, a dash and a zero-padded number, e.g. {@code wq-0001}. */
  public String idPrefix() {
    return idPrefix;
  }

  public int reportIntervalS() {
    return reportIntervalS;
  }

  public String deviceId(int number) {
    return idPrefix + "-" + String.format(Locale.ROOT, "%04d", number);
  }

  public static DeviceDomain of(String code) {
    return Arrays.stream(values())
        .filter(d -> d.code.equals(code))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown device domain: " + code));
  }
}
