package vn.cantho.ioc.sim;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import vn.cantho.ioc.geo.Zone;
import vn.cantho.ioc.geo.ZoneSampler;

/**
 * Picks zones with a probability proportional to their area, so a large rural commune gets more
 * devices than a small central ward, as real deployments do.
 */
final class AreaWeightedZones {
  private final String description;
  private final List<ZoneSampler> samplers;
  private final double[] cumulativeArea;

  /**
   * @param description what the zones are, for the error raised when there are none
   */
  AreaWeightedZones(String description, List<Zone> zones) {
    this.description = description;
    this.samplers = zones.stream().map(ZoneSampler::new).toList();
    this.cumulativeArea = new double[zones.size()];
    double total = 0;
    for (int i = 0; i < zones.size(); i++) {
      // Degrees² rather than m²: at 10° N the distortion is the same for every zone of the city,
      // so the proportions, which are all that matter here, are right.
      total += zones.get(i).boundary().getArea();
      cumulativeArea[i] = total;
    }
  }

  ZoneSampler pick(RandomGenerator random) {
    // Checked here, not in the constructor: zones without wards are fine if no device needs one.
    if (samplers.isEmpty()) {
      throw new IllegalStateException("no " + description + " to place devices in");
    }
    double target = random.nextDouble() * cumulativeArea[cumulativeArea.length - 1];
    int i = Arrays.binarySearch(cumulativeArea, target);
    int index = i >= 0 ? i + 1 : -i - 1;
    return samplers.get(Math.min(index, samplers.size() - 1));
  }
}
