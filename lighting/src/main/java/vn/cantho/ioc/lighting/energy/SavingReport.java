package vn.cantho.ioc.lighting.energy;

import java.util.Objects;

/**
 * What dimming and switching saved against lamps burning undimmed from dusk to dawn. Negative when
 * the lamps used more than the baseline (day burners, a profile brighter than 100 % of rated…).
 */
public record SavingReport(double baselineKwh, double actualKwh, Tariff tariff) {
  public SavingReport {
    Objects.requireNonNull(tariff, "tariff");
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

  /** In whole đồng: VND has no smaller unit in use. */
  public long savedVnd() {
    return Math.round(savedKwh() * tariff.vndPerKwh());
  }

  /** The sum over lamps or nights, the percentage weighted by the baselines. */
  public SavingReport plus(SavingReport other) {
    if (!tariff.equals(other.tariff)) {
      throw new IllegalArgumentException("different tariffs: " + tariff + ", " + other.tariff);
    }
    return new SavingReport(baselineKwh + other.baselineKwh, actualKwh + other.actualKwh, tariff);
  }
}
