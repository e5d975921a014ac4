package vn.cantho.ioc.sim;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The content of a registry file.
 *
 * @param generatedAt when the devices were generated; null when a hand-written file omits it
 * @param seed the generator seed that reproduces the devices; null when they were not generated
 * @param devices the devices, in file order
 */
public record Registry(Instant generatedAt, Long seed, List<SimDevice> devices) {
  public Registry {
    devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
  }
}
