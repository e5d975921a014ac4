package vn.cantho.ioc.sim.flood;

import java.util.Objects;

/**
 * A hydrological station that measures the water level (trạm thủy văn), with the alarm levels (báo
 * động, BĐ) the hydro-meteorological service declares for it, in cm on the national datum.
 *
 * @param id device id, e.g. {@code wl-can-tho}
 * @param name Vietnamese display name
 * @param lon WGS84 longitude
 * @param lat WGS84 latitude
 * @param bd1 alarm level I (BĐ I)
 * @param bd2 alarm level II (BĐ II)
 * @param bd3 alarm level III (BĐ III)
 * @param profile how the water moves there
 */
public record TideGauge(
    String id,
    String name,
    double lon,
    double lat,
    double bd1,
    double bd2,
    double bd3,
    TideProfile profile) {
  public TideGauge {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(profile, "profile");
    if (!(bd1 < bd2 && bd2 < bd3)) {
      throw new IllegalArgumentException(id + ": alarm levels must rise from BĐ I to BĐ III");
    }
  }

  /** Alarm level {@code k} (1, 2 or 3) in cm. */
  public double alarmLevelCm(int k) {
    return switch (k) {
      case 1 -> bd1;
      case 2 -> bd2;
      case 3 -> bd3;
      default -> throw new IllegalArgumentException("alarm levels are 1, 2 and 3, not " + k);
    };
  }
}
