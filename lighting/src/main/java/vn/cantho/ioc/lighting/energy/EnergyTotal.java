package vn.cantho.ioc.lighting.energy;

import java.time.Duration;

/**
 * Energy over a period, with how much of the period the readings covered: an operator must see that
 * a day's 0.9 kWh is over 20 h of data, not 24.
 *
 * @param covered time between readings close enough to integrate
 * @param gaps time between readings too far apart, left out of {@code wattHours}
 */
public record EnergyTotal(double wattHours, Duration covered, Duration gaps) {
  public static final EnergyTotal ZERO = new EnergyTotal(0, Duration.ZERO, Duration.ZERO);

  public double kilowattHours() {
    return wattHours / 1000;
  }

  public EnergyTotal plus(EnergyTotal other) {
    return new EnergyTotal(
        wattHours + other.wattHours, covered.plus(other.covered), gaps.plus(other.gaps));
  }
}
