package vn.cantho.ioc.lighting.energy;

import java.util.Objects;

/**
 * What dimming and switching saved against lamps burning undimmed from dusk to dawn. Negative when
 * the lamps used more than the baseline (day burners, a profile brighter than 100 % of rated…).
 */
/**
 * @param tariff the price of a kWh, or null when none is set
 */
public record SavingReport(double baselineKwh, double actualKwh, Tariff tariff) {
  public SavingReport {
    if (!(baselineKwh >= 0) || !(actualKwh >= 0)) {
      throw new IllegalArgumentException("energy " + baselineKwh + ", " + actualKwh + " kWh");
    }
  }

  public double savedKwh() {
    return baselineKwh - actualKwh;
  }

  /** 0 when there is no baseline (no lamp, or no night). */
  public double savedPercent() {
    return baselineKwh == 0 ? 0 : 100 * savedKwh() / baselineKwh;
  }

  /**
   * In whole đồng (VND has no smaller unit in use); null when the city has set no tariff (the
   * energy figures stand without it).
   */
  public Long savedVnd() {
    return tariff == null ? null : Math.round(savedKwh() * tariff.vndPerKwh());
  }

  /** The sum over lamps or nights, the percentage weighted by the baselines. */
  public SavingReport plus(SavingReport other) {
    if (!Objects.equals(tariff, other.tariff)) {
      throw new IllegalArgumentException("different tariffs: " + tariff + ", " + other.tariff);
    }
    return new SavingReport(baselineKwh + other.baselineKwh, actualKwh + other.actualKwh, tariff);
  }
}
