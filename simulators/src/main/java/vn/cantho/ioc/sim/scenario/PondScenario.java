package vn.cantho.ioc.sim.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * A week (or any span) of water quality for a set of well-run ponds, with scripted events and their
 * ground truth. The baseline stays inside every rule's first threshold by design, so that an alert
 * in a pond without an event is a false alert: DO with its dawn minimum, pH peaking before sunset,
 * temperature, salinity and ammonia, plus sensor noise. Events are drawn from a seed, at most one a
 * day per pond, on days 1 to n−1. Deterministic: the same seed gives the same week.
 */
public final class PondScenario {
  /** What a pond raises. */
  public enum Species {
    PANGASIUS("pangasius_pond"),
    SHRIMP("shrimp_pond");

    private final String deviceType;

    Species(String deviceType) {
      this.deviceType = deviceType;
    }

    public String deviceType() {
      return deviceType;
    }
  }

  /** One pond's constants. */
  public record Pond(
      String id,
      Species species,
      double doMin,
      double doMax,
      double phMean,
      double phAmplitude,
      double tempMean,
      double salinity,
      double tan) {}

  private final Instant start;
  private final int days;
  private final long seed;
  private final List<Pond> ponds = new ArrayList<>();
  private final Map<String, List<WaterEvent>> events = new LinkedHashMap<>();

  /**
   * @param eventShare the share of ponds that get events (the rest stay event-free)
   */
  public PondScenario(int pondCount, Instant start, int days, double eventShare, long seed) {
    this.start = start;
    this.days = days;
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < pondCount; i++) {
      Species species = i % 2 == 0 ? Species.PANGASIUS : Species.SHRIMP;
      String id = String.format(java.util.Locale.ROOT, "bench-pond-%03d", i);
      Pond pond =
          species == Species.PANGASIUS
              ? new Pond(
                  id,
                  species,
                  uniform(random, 3.7, 4.2),
                  uniform(random, 6.8, 7.8),
                  uniform(random, 7.2, 7.5),
                  uniform(random, 0.08, 0.15),
                  uniform(random, 28.5, 30.5),
                  uniform(random, 0.2, 0.8),
                  uniform(random, 0.3, 0.6))
              : new Pond(
                  id,
                  species,
                  uniform(random, 4.7, 5.2),
                  uniform(random, 7.5, 8.5),
                  uniform(random, 7.9, 8.05),
                  uniform(random, 0.08, 0.16),
                  uniform(random, 28.5, 30.5),
                  uniform(random, 8, 12),
                  uniform(random, 0.1, 0.22));
      ponds.add(pond);
      List<WaterEvent> own = new ArrayList<>();
      if (random.nextDouble() < eventShare) {
        // One or two events, three days apart: the longest lasts two days, and two events of one
        // pond never overlap (an overlap would be one long condition to the farmer).
        int day = 1 + random.nextInt(Math.max(1, days - 2));
        own.add(event(pond, day, random));
        if (random.nextBoolean() && day + 3 < days - 1) {
          own.add(event(pond, day + 3 + random.nextInt(days - 1 - (day + 3)), random));
        }
      }
      events.put(id, own);
    }
  }

  private WaterEvent event(Pond pond, int day, SplittableRandom random) {
    LocalDate date = CanThoTime.localDate(start).plusDays(day);
    WaterEvent.Kind[] fish = {
      WaterEvent.Kind.DO_CRASH,
      WaterEvent.Kind.DO_CRASH,
      WaterEvent.Kind.SALINITY_INTRUSION,
      WaterEvent.Kind.AMMONIA_SPIKE,
      WaterEvent.Kind.PROBE_FLATLINE,
      WaterEvent.Kind.PROBE_SILENCE,
      WaterEvent.Kind.PROBE_SPIKES
    };
    WaterEvent.Kind[] shrimp = {
      WaterEvent.Kind.DO_CRASH,
      WaterEvent.Kind.DO_CRASH,
      WaterEvent.Kind.PH_SWING,
      WaterEvent.Kind.AMMONIA_SPIKE,
      WaterEvent.Kind.PROBE_FLATLINE,
      WaterEvent.Kind.PROBE_SILENCE,
      WaterEvent.Kind.PROBE_SPIKES
    };
    WaterEvent.Kind[] kinds = pond.species() == Species.PANGASIUS ? fish : shrimp;
    WaterEvent.Kind kind = kinds[random.nextInt(kinds.length)];
    Instant at;
    return switch (kind) {
      case DO_CRASH -> {
        at = local(date, 21, 0).plus(minutes(random, 0, 240));
        double floor =
            pond.species() == Species.PANGASIUS
                ? uniform(random, 0.4, 0.8)
                : uniform(random, 1.0, 1.6);
        yield new WaterEvent(pond.id(), kind, at, local(date.plusDays(1), 8, 30), floor);
      }
      case PH_SWING ->
          new WaterEvent(
              pond.id(),
              kind,
              local(date, 0, 0),
              local(date.plusDays(2), 0, 0),
              uniform(random, 0.6, 0.75));
      case SALINITY_INTRUSION -> {
        at = local(date, 9, 0).plus(minutes(random, 0, 120));
        yield new WaterEvent(
            pond.id(), kind, at, at.plus(Duration.ofHours(42)), uniform(random, 11, 13));
      }
      case AMMONIA_SPIKE -> {
        at = local(date, 8, 0).plus(minutes(random, 0, 120));
        double peak =
            pond.species() == Species.SHRIMP ? uniform(random, 2.5, 3.5) : uniform(random, 4, 6);
        yield new WaterEvent(pond.id(), kind, at, at.plus(Duration.ofHours(30)), peak);
      }
      case PROBE_FLATLINE, PROBE_SPIKES -> {
        at = local(date, 10, 0).plus(minutes(random, 0, 360));
        Duration length =
            kind == WaterEvent.Kind.PROBE_FLATLINE ? Duration.ofHours(3) : Duration.ofMinutes(20);
        yield new WaterEvent(pond.id(), kind, at, at.plus(length), Double.NaN);
      }
      case PROBE_SILENCE -> {
        at = local(date, 10, 0).plus(minutes(random, 0, 360));
        yield new WaterEvent(pond.id(), kind, at, at.plus(Duration.ofHours(2)), Double.NaN);
      }
    };
  }

  public List<Pond> ponds() {
    return List.copyOf(ponds);
  }

  public List<WaterEvent> events(String pond) {
    return events.getOrDefault(pond, List.of());
  }

  public List<WaterEvent> allEvents() {
    return events.values().stream().flatMap(List::stream).toList();
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return start.plus(Duration.ofDays(days));
  }

  /** The pond's true water, without sensor noise or probe failures. */
  public Map<String, Double> truth(Pond pond, Instant at) {
    double hour = CanThoTime.hourOfDay(at);
    double oxygen = baselineOxygen(pond, hour);
    double phMean = pond.phMean();
    double phAmplitude = pond.phAmplitude();
    double salinity = pond.salinity();
    double tan = pond.tan();
    for (WaterEvent e : events(pond.id())) {
      if (!e.activeAt(at)) {
        continue;
      }
      double h = Duration.between(e.start(), at).toSeconds() / 3600.0;
      double hoursLeft = Duration.between(at, e.end()).toSeconds() / 3600.0;
      switch (e.kind()) {
        case DO_CRASH -> {
          // Exponential fall to the floor (time constant 50 min); aerators restore it in the
          // last hour and a half.
          double crashed = e.peak() + (oxygen - e.peak()) * Math.exp(-h / 0.83);
          oxygen = hoursLeft < 1.5 ? crashed + (oxygen - crashed) * (1 - hoursLeft / 1.5) : crashed;
        }
        case PH_SWING -> {
          phAmplitude = e.peak();
          phMean += 0.25;
        }
        case SALINITY_INTRUSION -> salinity += (e.peak() - salinity) * ramp(h, 12, hoursLeft, 12);
        case AMMONIA_SPIKE -> tan += (e.peak() - tan) * ramp(h, 6, hoursLeft, 12);
        default -> {}
      }
    }
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("do", oxygen);
    v.put("ph", phMean + phAmplitude * Math.cos(2 * Math.PI * (hour - 16) / 24));
    v.put("temp", pond.tempMean() + 1.2 * Math.cos(2 * Math.PI * (hour - 14.5) / 24));
    v.put("salinity", salinity);
    v.put("tan", tan);
    return v;
  }

  /**
   * DO over a day (docs/domain.md §1.7): a half-cosine rise from the minimum at 06:00 to the peak
   * at 15:00, then a log-linear (exponential) decline back to the minimum at the next 06:00.
   */
  private static double baselineOxygen(Pond pond, double hour) {
    if (hour >= 6 && hour < 15) {
      double p = (hour - 6) / 9;
      return pond.doMin() + (pond.doMax() - pond.doMin()) * (1 - Math.cos(Math.PI * p)) / 2;
    }
    double p = (hour >= 15 ? hour - 15 : hour + 9) / 15;
    return pond.doMax() * Math.pow(pond.doMin() / pond.doMax(), p);
  }

  /**
   * What the probe reports at that instant: the truth with sensor noise, or a failing probe's
   * output; empty while it is silent.
   */
  public Optional<Map<String, Double>> reading(Pond pond, Instant at) {
    Map<String, Double> v = truth(pond, at);
    SplittableRandom noise =
        new SplittableRandom(seed ^ pond.id().hashCode() * 31L ^ at.getEpochSecond());
    v.replaceAll((metric, value) -> value + sigma(metric) * bounded(noise));
    for (WaterEvent e : events(pond.id())) {
      if (!e.activeAt(at)) {
        continue;
      }
      switch (e.kind()) {
        case PROBE_SILENCE -> {
          return Optional.empty();
        }
        case PROBE_FLATLINE ->
            v.put("do", Math.round(truth(pond, e.start()).get("do") * 100) / 100.0);
        case PROBE_SPIKES -> v.put("ph", 12.5 + noise.nextDouble());
        default -> {}
      }
    }
    v.replaceAll((metric, value) -> Math.max(0, Math.round(value * 1000) / 1000.0));
    return Optional.of(v);
  }

  private static double sigma(String metric) {
    return switch (metric) {
      case "do" -> 0.08;
      case "ph" -> 0.015;
      case "temp", "salinity" -> 0.05;
      default -> 0.008;
    };
  }

  /** A standard normal value cut at ±3. */
  private static double bounded(SplittableRandom random) {
    return Math.max(-3, Math.min(3, random.nextGaussian()));
  }

  /** 0 → 1 over {@code rise} hours from the start, 1 → 0 over the last {@code fall} hours. */
  private static double ramp(double hoursIn, double rise, double hoursLeft, double fall) {
    return Math.min(1, Math.min(hoursIn / rise, hoursLeft / fall));
  }

  private static Instant local(LocalDate date, int hour, int minute) {
    return CanThoTime.instant(date, LocalTime.of(hour, minute));
  }

  private static Duration minutes(SplittableRandom random, int from, int to) {
    return Duration.ofMinutes(from + random.nextInt(to - from));
  }

  private static double uniform(SplittableRandom random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }
}
