package vn.cantho.ioc.sim.flood;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * The true water level at one gauge, in cm on the national datum (Hòn Dấu): the astronomical tide
 * (mean level and ten constituents with real astronomical arguments), the Mekong's seasonal flood,
 * the NE-monsoon wind set-up and rain, and, in the record scenario, the surge of 12 October 2026.
 * Pure and deterministic for a gauge, a seed and a scenario; no sensor noise (that is {@link
 * WaterLevelGaugeModel}'s).
 */
public final class TideModel {
  /** The seed of the demo's weather. */
  public static final long DEFAULT_SEED = 2026;

  /**
   * The record of 12 October 2022 at Can Tho, replayed in {@link TideScenario#RECORD_OCTOBER_2026}.
   */
  public static final double RECORD_PEAK_CM = 227;

  /** When the record surge peaks: 19:00 on 12 October 2026, local time. */
  public static final Instant RECORD_AT =
      CanThoTime.instant(LocalDate.of(2026, 10, 12), LocalTime.of(19, 0));

  private final TideGauge gauge;
  private final long seed;
  private final TideScenario scenario;
  private final Weather weather;
  private final double recordSurgeCm;

  /** The gauge under the demo's weather, without the record surge. */
  public TideModel(TideGauge gauge) {
    this(gauge, DEFAULT_SEED, TideScenario.ORDINARY);
  }

  public TideModel(TideGauge gauge, long seed, TideScenario scenario) {
    this.gauge = Objects.requireNonNull(gauge, "gauge");
    this.seed = seed;
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.weather = new Weather(seed, gauge.id());
    this.recordSurgeCm =
        scenario == TideScenario.RECORD_OCTOBER_2026
            ? RecordSurge.heightAtCanThoCm(seed)
                * gauge.profile().surgeScale()
                / FloodGauges.CAN_THO.profile().surgeScale()
            : 0;
  }

  public TideGauge gauge() {
    return gauge;
  }

  public long seed() {
    return seed;
  }

  public TideScenario scenario() {
    return scenario;
  }

  /** The truth: everything but sensor noise. */
  public double levelCm(Instant at) {
    return astronomicalCm(at) + seasonalCm(at) + windCm(at) + rainCm(at) + recordSurgeCm(at);
  }

  /** Mean level plus the constituents: the tide a tide table would predict. */
  public double astronomicalCm(Instant at) {
    MeanLongitudes longitudes = MeanLongitudes.at(at);
    double level = gauge.profile().meanCm();
    for (Harmonic h : gauge.profile().harmonics()) {
      level += h.valueCm(longitudes);
    }
    return level;
  }

  /** How much the upstream flood raises the mean level at {@code at}. */
  public double seasonalCm(Instant at) {
    return gauge.profile().seasonalFloodCm() * SeasonalFlood.fraction(at);
  }

  /** The NE-monsoon wind set-up at this gauge (may be slightly negative on calm offshore days). */
  public double windCm(Instant at) {
    return gauge.profile().surgeScale() * weather.windCm(at);
  }

  /** Rain runoff at this gauge: seeded showers of a few cm over some hours. */
  public double rainCm(Instant at) {
    return gauge.profile().surgeScale() * weather.rainCm(at);
  }

  /** The record scenario's surge at {@code at}; always 0 in the ordinary scenario. */
  public double recordSurgeCm(Instant at) {
    return recordSurgeCm == 0 ? 0 : recordSurgeCm * RecordSurge.shape(at);
  }

  /**
   * The surge of the record evening: a NE-monsoon push built over a day and a half, plus a downpour
   * in the late afternoon, together peaking near 19:00 on 12 October 2026. Its height is solved so
   * that Can Tho's ordinary level plus the surge peaks at exactly {@link #RECORD_PEAK_CM}.
   */
  static final class RecordSurge {
    private static final Instant WIND_FROM = RECORD_AT.minus(Duration.ofHours(36));
    private static final Instant WIND_TO = RECORD_AT.plus(Duration.ofHours(24));
    private static final Instant RAIN_FROM = RECORD_AT.minus(Duration.ofHours(2));
    private static final double WIND_SHARE = 0.6;

    private RecordSurge() {}

    /** 0 outside 11–13 October 2026, about 1 at 19:00 on the 12th. */
    static double shape(Instant at) {
      double wind = 0;
      if (at.isAfter(WIND_FROM) && at.isBefore(WIND_TO)) {
        double x =
            at.isBefore(RECORD_AT)
                ? hoursBetween(WIND_FROM, at) / hoursBetween(WIND_FROM, RECORD_AT)
                : 1 + hoursBetween(RECORD_AT, at) / hoursBetween(RECORD_AT, WIND_TO);
        wind = (1 - Math.cos(Math.PI * x)) / 2;
      }
      double rain = Weather.pulse(hoursBetween(RAIN_FROM, at), 2);
      return WIND_SHARE * wind + (1 - WIND_SHARE) * rain;
    }

    /** The surge height that lifts Can Tho's evening peak to the record. */
    static double heightAtCanThoCm(long seed) {
      TideModel ordinary = new TideModel(FloodGauges.CAN_THO, seed, TideScenario.ORDINARY);
      Instant from = RECORD_AT.minus(Duration.ofHours(4));
      int minutes = 8 * 60;
      double[] base = new double[minutes];
      double[] shape = new double[minutes];
      for (int i = 0; i < minutes; i++) {
        Instant t = from.plusSeconds(60L * i);
        base[i] = ordinary.levelCm(t);
        shape[i] = shape(t);
      }
      // The peak rises with the height at a slope close to 1, so a few corrections converge.
      double height = 0;
      for (int round = 0; round < 50; round++) {
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < minutes; i++) {
          peak = Math.max(peak, base[i] + height * shape[i]);
        }
        double miss = RECORD_PEAK_CM - peak;
        if (Math.abs(miss) < 0.001) {
          break;
        }
        height += miss;
      }
      return height;
    }

    private static double hoursBetween(Instant a, Instant b) {
      return (b.getEpochSecond() - a.getEpochSecond()) / 3600.0;
    }
  }
}
