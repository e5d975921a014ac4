package vn.cantho.ioc.lighting.control;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.lighting.energy.EnergyMeter;
import vn.cantho.ioc.lighting.energy.EnergySaving;
import vn.cantho.ioc.lighting.energy.EnergyTotal;
import vn.cantho.ioc.lighting.energy.PowerSample;
import vn.cantho.ioc.lighting.energy.SavingReport;
import vn.cantho.ioc.lighting.energy.Tariff;
import vn.cantho.ioc.lighting.inventory.LuminaireStore;
import vn.cantho.ioc.lighting.schedule.AstroCache;
import vn.cantho.ioc.lighting.schedule.SunDay;

/**
 * Energy per light from its power reports, and the saving of a group of lights over local days
 * against the undimmed dusk-to-dawn baseline (docs/lighting.md, "Energy"). The meter is in memory,
 * fed as readings are committed; cheap enough to run on the event loop (no I/O).
 */
public final class LampEnergy {
  private final EnergyMeter meter;
  private final LuminaireStore luminaires;
  private final AstroCache astro;

  public LampEnergy(Duration reportInterval, LuminaireStore luminaires, AstroCache astro) {
    this.meter = EnergyMeter.forReportInterval(reportInterval);
    this.luminaires = luminaires;
    this.astro = astro;
  }

  public synchronized void heard(List<Reading> readings) {
    for (Reading r : readings) {
      if (r.metric().equals("power") && luminaires.find(r.deviceId()).isPresent()) {
        meter.record(r.deviceId(), new PowerSample(r.ts(), r.value()));
      }
    }
  }

  /** The lights' metered energy and saving over the local days {@code from} to {@code to}. */
  public synchronized SavingReport saving(
      List<Device> lights, LocalDate from, LocalDate to, Tariff tariff) {
    double actualWh = 0;
    double baselineKwh = 0;
    for (Device d : lights) {
      double rated = luminaires.find(d.id()).map(l -> l.ratedPowerW()).orElse(0.0);
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        EnergyTotal total = meter.day(d.id(), day);
        actualWh += total.wattHours();
        baselineKwh += EnergySaving.baselineKwh(rated, darkWithin(astro, day, d.lat(), d.lon()));
      }
    }
    return new SavingReport(baselineKwh, actualWh / 1000, tariff);
  }

  /** The dark hours inside one local day: midnight to sunrise, and sunset to midnight. */
  public static Duration darkWithin(AstroCache astro, LocalDate day, double lat, double lon) {
    SunDay sun = astro.sunDay(day, lat, lon);
    Instant midnight = CanThoTime.instant(day, java.time.LocalTime.MIDNIGHT);
    Instant next = CanThoTime.instant(day.plusDays(1), java.time.LocalTime.MIDNIGHT);
    return Duration.between(midnight, sun.sunrise()).plus(Duration.between(sun.sunset(), next));
  }
}
