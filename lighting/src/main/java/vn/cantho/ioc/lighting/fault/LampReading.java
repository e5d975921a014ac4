package vn.cantho.ioc.lighting.fault;

import java.time.Instant;
import java.util.Objects;

/**
 * One report of a lamp controller: the catalog's lighting metrics state, dim and power, as the
 * simulated lamps send them.
 *
 * @param on the controller's switch state (1 on, 0 off)
 * @param dimPercent the dim level it reports, 0–100
 * @param powerW active power, W (TALQ activePower)
 */
public record LampReading(Instant at, boolean on, double dimPercent, double powerW) {
  public LampReading {
    Objects.requireNonNull(at, "at");
    if (!Double.isFinite(powerW) || !Double.isFinite(dimPercent)) {
      throw new IllegalArgumentException("not a number: dim " + dimPercent + ", power " + powerW);
    }
  }
}
