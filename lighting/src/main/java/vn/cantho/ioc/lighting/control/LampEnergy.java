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

  /** One light's metered energy on one local day, and when its metering of that day ended. */
  private record Metered(Device light, LocalDate day, EnergyTotal total, Instant until) {}

  /**
   * The lights' metered energy and saving over the local days {@code from} to {@code to}. Only what
   * was metered counts on either side: a day without data is left out, and a day's baseline is the
   * dark time of the span it was metered (up to its newest reading, not tonight's hours to come).
   * The lock covers reading the meter only (cheap lookups), so a long range never holds up the
   * readings being recorded.
   */
  public SavingReport saving(List<Device> lights, LocalDate from, LocalDate to, Tariff tariff) {
    List<Metered> metered = new java.util.ArrayList<>();
    synchronized (this) {
      for (Device d : lights) {
        Instant last = meter.lastAt(d.id());
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
          EnergyTotal total = meter.day(d.id(), day);
          if (last != null && total.covered().compareTo(Duration.ZERO) > 0) {
            metered.add(new Metered(d, day, total, last));
          }
        }
      }
    }
    double actualWh = 0;
    double baselineKwh = 0;
    for (Metered m : metered) {
      Device d = m.light();
      double rated = luminaires.find(d.id()).map(l -> l.ratedPowerW()).orElse(0.0);
      Instant dayEnd = CanThoTime.instant(m.day().plusDays(1), java.time.LocalTime.MIDNIGHT);
      Instant end = m.until().isBefore(dayEnd) ? m.until() : dayEnd;
      Instant start = end.minus(m.total().covered()).minus(m.total().gaps());
      actualWh += m.total().wattHours();
      baselineKwh +=
          EnergySaving.baselineKwh(
              rated, darkBetween(astro, m.day(), d.lat(), d.lon(), start, end));
    }
    return new SavingReport(baselineKwh, actualWh / 1000, tariff);
  }

  /** The dark hours inside one local day: midnight to sunrise, and sunset to midnight. */
  public static Duration darkWithin(AstroCache astro, LocalDate day, double lat, double lon) {
    return darkBetween(
        astro,
        day,
        lat,
        lon,
        CanThoTime.instant(day, java.time.LocalTime.MIDNIGHT),
        CanThoTime.instant(day.plusDays(1), java.time.LocalTime.MIDNIGHT));
  }

  /** The dark hours of a local day that fall between {@code from} and {@code to}. */
  static Duration darkBetween(
      AstroCache astro, LocalDate day, double lat, double lon, Instant from, Instant to) {
    SunDay sun = astro.sunDay(day, lat, lon);
    Instant midnight = CanThoTime.instant(day, java.time.LocalTime.MIDNIGHT);
    Instant next = CanThoTime.instant(day.plusDays(1), java.time.LocalTime.MIDNIGHT);
    return overlap(midnight, sun.sunrise(), from, to).plus(overlap(sun.sunset(), next, from, to));
  }

  private static Duration overlap(Instant a, Instant b, Instant from, Instant to) {
    Instant start = a.isAfter(from) ? a : from;
    Instant end = b.isBefore(to) ? b : to;
    return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
  }
}
