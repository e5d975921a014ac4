package vn.cantho.ioc.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Water quality at a pond or cage, following the diurnal shapes of docs/domain.md §1.7:
 * photosynthesis drives dissolved oxygen up from its minimum at sunrise to a peak mid-afternoon,
 * respiration draws it down exponentially through the night (the log-linear decline farmers
 * extrapolate to predict a dawn crash). pH follows CO₂ and peaks a few hours before sunset.
 * Parameters differ per device, drawn from its id, so every pond has its own character.
 */
public final class WaterQualityModel implements ReadingModel {
  /** Dissolved oxygen, mg/L. */
  public static final String DO = "do";

  /** pH. */
  public static final String PH = "ph";

  /** Water temperature, Cel. */
  public static final String TEMP = "temp";

  /** Salinity, [ppth] (‰). */
  public static final String SALINITY = "salinity";

  /** Total ammonia nitrogen, mg/L. */
  public static final String TAN = "tan";

  public static final List<String> METRICS = List.of(DO, PH, TEMP, SALINITY, TAN);

  private static final LocalTime DO_PEAK = LocalTime.of(15, 0);
  private static final double TEMP_PEAK_HOUR = 14.5;
  private static final double PH_PEAK_HOUR = 16.0;
  // Warmest water in late April before the rains, coolest around New Year.
  private static final int WARMEST_DAY_OF_YEAR = 115;
  // Salinity intrusion peaks in March–April at the end of the dry season.
  private static final int SALTIEST_DAY_OF_YEAR = 95;
  private static final double DAYS_PER_YEAR = 365.25;

  /** Where a per-device constant is drawn from. */
  private record Range(double min, double max) {
    double draw(String deviceId, String name) {
      return SeededNoise.trait(deviceId, name, min, max);
    }
  }

  /** The character of one kind of site, as ranges the individual sites are drawn from. */
  private record Profile(
      Range doMean,
      Range doAmplitude,
      Range phMean,
      Range phAmplitude,
      Range salinity,
      Range salinitySeasonal,
      Range tanMean,
      Range tanSwing) {}

  // Dense feeding and blooms: wide DO swing, the dawn minimum can touch the 3 mg/L watch line.
  private static final Profile PANGASIUS_POND =
      new Profile(
          new Range(5.5, 6.5),
          new Range(2.5, 3.2),
          new Range(7.2, 7.6),
          new Range(0.3, 0.5),
          new Range(0.2, 0.6),
          new Range(0.1, 0.3),
          new Range(0.45, 0.7),
          new Range(0.15, 0.3));

  // Aerated, well-buffered (alkalinity ≥ 100 mg/L) brackish ponds: higher DO, small pH swing,
  // salinity 5–15 ‰ with the dry-season maximum.
  private static final Profile SHRIMP_POND =
      new Profile(
          new Range(6.0, 7.0),
          new Range(2.0, 2.6),
          new Range(7.9, 8.1),
          new Range(0.2, 0.35),
          new Range(9.0, 10.5),
          new Range(3.5, 4.0),
          new Range(0.3, 0.4),
          new Range(0.1, 0.2));

  // Flowing river water: DO 3–6.5 mg/L and pH 7–8 (RIA2 2018), fresh, low ammonia.
  private static final Profile RIVER_CAGE =
      new Profile(
          new Range(4.6, 5.0),
          new Range(1.2, 1.6),
          new Range(7.2, 7.6),
          new Range(0.15, 0.25),
          new Range(0.2, 0.5),
          new Range(0.1, 0.3),
          new Range(0.2, 0.3),
          new Range(0.05, 0.1));

  private static final Range TEMP_MEAN = new Range(28, 31);
  private static final Range TEMP_AMPLITUDE = new Range(1.5, 2);
  private static final Range TAN_PERIOD_DAYS = new Range(9, 16);
  private static final Range TAN_PHASE = new Range(0, 2 * Math.PI);

  /**
   * The constants of one site, drawn from the profile of its kind (ranges: docs/domain.md §1.3,
   * §1.7).
   */
  private record Site(
      double doMin,
      double doMax,
      double tempMean,
      double tempAmplitude,
      double phMean,
      double phAmplitude,
      double salinityBase,
      double salinitySeasonal,
      double tanMean,
      double tanSwing,
      double tanPeriodDays,
      double tanPhase) {}

  @Override
  public List<String> metrics() {
    return METRICS;
  }

  @Override
  public Map<String, Double> sample(SimDevice device, Instant at) {
    Site site = site(device);
    String id = device.id();
    long bucket = at.getEpochSecond();
    double hour = CanThoTime.hourOfDay(at);
    int dayOfYear = CanThoTime.localDate(at).getDayOfYear();

    double dissolvedOxygen = dissolvedOxygen(site, at) + SeededNoise.jitter(id, DO, bucket, 0.1);
    double ph =
        site.phMean()
            + site.phAmplitude() * cosineFromPeak(hour, PH_PEAK_HOUR, 24)
            + SeededNoise.jitter(id, PH, bucket, 0.02);
    double temp =
        site.tempMean()
            + 0.8 * cosineFromPeak(dayOfYear, WARMEST_DAY_OF_YEAR, DAYS_PER_YEAR)
            + site.tempAmplitude() * cosineFromPeak(hour, TEMP_PEAK_HOUR, 24)
            + SeededNoise.jitter(id, TEMP, bucket, 0.1);
    double salinity =
        site.salinityBase()
            + site.salinitySeasonal()
                * cosineFromPeak(dayOfYear, SALTIEST_DAY_OF_YEAR, DAYS_PER_YEAR)
            + SeededNoise.jitter(id, SALINITY, bucket, 0.05);
    double days = at.getEpochSecond() / 86_400.0;
    double tan =
        site.tanMean()
            + site.tanSwing()
                * Math.sin(2 * Math.PI * days / site.tanPeriodDays() + site.tanPhase())
            + SeededNoise.jitter(id, TAN, bucket, 0.01);

    Map<String, Double> values = new LinkedHashMap<>();
    values.put(DO, clamp(dissolvedOxygen, 0, 20));
    values.put(PH, clamp(ph, 0, 14));
    values.put(TEMP, clamp(temp, 15, 40));
    values.put(SALINITY, Math.max(0, salinity));
    values.put(TAN, Math.max(0, tan));
    return values;
  }

  /**
   * Half-cosine rise from the minimum at sunrise to the maximum at 15:00, then exponential decay
   * back to the minimum at the next sunrise. Continuous at both joins.
   */
  private static double dissolvedOxygen(Site site, Instant at) {
    LocalDate today = CanThoTime.localDate(at);
    Instant sunrise = CanThoTime.instant(today, SunTimes.sunrise(today));
    Instant peak = CanThoTime.instant(today, DO_PEAK);
    if (!at.isBefore(sunrise) && at.isBefore(peak)) {
      double p = fraction(sunrise, at, peak);
      return site.doMin() + (site.doMax() - site.doMin()) * (1 - Math.cos(Math.PI * p)) / 2;
    }
    Instant declineStart;
    Instant declineEnd;
    if (at.isBefore(sunrise)) {
      declineStart = CanThoTime.instant(today.minusDays(1), DO_PEAK);
      declineEnd = sunrise;
    } else {
      LocalDate tomorrow = today.plusDays(1);
      declineStart = peak;
      declineEnd = CanThoTime.instant(tomorrow, SunTimes.sunrise(tomorrow));
    }
    double p = fraction(declineStart, at, declineEnd);
    return site.doMax() * Math.pow(site.doMin() / site.doMax(), p);
  }

  private static Site site(SimDevice device) {
    String id = device.id();
    Profile profile =
        switch (WaterSiteType.of(device.type())) {
          case PANGASIUS_POND -> PANGASIUS_POND;
          case SHRIMP_POND -> SHRIMP_POND;
          case RIVER_CAGE -> RIVER_CAGE;
        };
    double doMean = profile.doMean().draw(id, "doMean");
    double doAmplitude = profile.doAmplitude().draw(id, "doAmplitude");
    return new Site(
        // a floor keeps the exponential night decline defined
        Math.max(0.5, doMean - doAmplitude),
        doMean + doAmplitude,
        TEMP_MEAN.draw(id, "tempMean"),
        TEMP_AMPLITUDE.draw(id, "tempAmplitude"),
        profile.phMean().draw(id, "phMean"),
        profile.phAmplitude().draw(id, "phAmplitude"),
        profile.salinity().draw(id, "salinity"),
        profile.salinitySeasonal().draw(id, "salinitySeasonal"),
        profile.tanMean().draw(id, "tanMean"),
        profile.tanSwing().draw(id, "tanSwing"),
        TAN_PERIOD_DAYS.draw(id, "tanPeriod"),
        TAN_PHASE.draw(id, "tanPhase"));
  }

  /** cos of the distance to the peak on a cycle: 1 at the peak, −1 half a period away. */
  private static double cosineFromPeak(double x, double peak, double period) {
    return Math.cos(2 * Math.PI * (x - peak) / period);
  }

  private static double fraction(Instant from, Instant at, Instant to) {
    return (double) Duration.between(from, at).toMillis() / Duration.between(from, to).toMillis();
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
