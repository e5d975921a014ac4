package vn.cantho.ioc.lighting.energy;

import java.time.Instant;
import java.util.Objects;

/** A lamp's active power at a reading's timestamp. */
public record PowerSample(Instant at, double watts) {
  public PowerSample {
    Objects.requireNonNull(at, "at");
    if (!Double.isFinite(watts) || watts < 0) {
      throw new IllegalArgumentException("power " + watts + " W");
    }
  }
}
