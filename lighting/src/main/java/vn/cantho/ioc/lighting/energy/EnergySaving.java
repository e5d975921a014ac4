package vn.cantho.ioc.lighting.energy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;
import vn.cantho.ioc.lighting.schedule.AstroCache;

/**
 * Savings of a night against its baseline: the lamp's rated power for the whole dark time, from the
 * evening's sunset to the next sunrise, undimmed. That is what a lamp on a plain photocell or astro
 * timer would burn, the usual reference for smart-lighting savings (docs/lighting.md, "Energy").
 *
 * <p>The actual energy to compare is the lamp's metered energy over the night's noon-to-noon day
 * ({@link EnergyMeter#integrate}), so standby and any day burning count against the saving.
 */
public final class EnergySaving {
  private final AstroCache astro;

  public EnergySaving(AstroCache astro) {
    this.astro = Objects.requireNonNull(astro, "astro");
  }

  /** From the sunset of {@code night} to the sunrise of the next date at (lat, lon). */
  public Duration darkTime(LocalDate night, double lat, double lon) {
    return Duration.between(
        astro.sunDay(night, lat, lon).sunset(),
        astro.sunDay(night.plusDays(1), lat, lon).sunrise());
  }

  /** Rated power for the whole dark time, kWh. */
  public static double baselineKwh(double ratedW, Duration dark) {
    if (!(ratedW >= 0)) {
      throw new IllegalArgumentException("rated power " + ratedW + " W");
    }
    return ratedW * (dark.toNanos() / 3.6e12) / 1000;
  }

  /** One lamp's saving on one night, given its metered energy. */
  public SavingReport night(
      LocalDate night, double lat, double lon, double ratedW, double actualWh, Tariff tariff) {
    return new SavingReport(
        baselineKwh(ratedW, darkTime(night, lat, lon)), actualWh / 1000, tariff);
  }
}
