package vn.cantho.ioc.sim.flood;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import vn.cantho.ioc.geo.CanThoTime;
import vn.cantho.ioc.sim.SeededNoise;

/**
 * The weather's part of the water level at Can Tho, seeded: the NE-monsoon wind set-up and the
 * rain. The wind is the region's, the same at every gauge for one seed; rain showers are local, so
 * each gauge draws its own. Both are pure functions of the seed, the gauge and the time, so two
 * models with the same seed agree and a different seed gives different weather.
 */
final class Weather {
  /** Knots of the everyday wind set-up, smoothly joined. */
  private static final long WIND_KNOT_S = 6 * 3600;

  private static final double WIND_EVERYDAY_CM = 3;

  /** Chance per day that a monsoon surge episode starts, in October and November. */
  private static final double EPISODE_CHANCE = 0.08;

  private static final int EPISODE_MAX_DAYS = 4;
  private static final long RAIN_BUCKET_S = 3 * 3600;
  private static final int RAIN_LOOKBACK_BUCKETS = 4;

  /** A shower's runoff peaks this long after it starts and has drained 12 hours later. */
  private static final double RAIN_RISE_H = 1.5;

  private final long windKey;
  private final long episodeKey;
  private final long rainKey;

  Weather(long seed, String gaugeId) {
    String region = "tide-seed-" + seed;
    windKey = SeededNoise.key(region, "wind");
    episodeKey = SeededNoise.key(region, "monsoon-episode");
    rainKey = SeededNoise.key(region + "/" + gaugeId, "rain");
  }

  /** Wind set-up in cm at Can Tho: a few cm either way, up to ~15 cm in a monsoon surge. */
  double windCm(Instant at) {
    return everydayWindCm(at) + episodeCm(at);
  }

  private double everydayWindCm(Instant at) {
    double knots = at.getEpochSecond() / (double) WIND_KNOT_S;
    long k = (long) Math.floor(knots);
    double f = knots - k;
    double a = SeededNoise.jitter(windKey, k, WIND_EVERYDAY_CM);
    double b = SeededNoise.jitter(windKey, k + 1, WIND_EVERYDAY_CM);
    double w = (1 - Math.cos(Math.PI * f)) / 2;
    return a + (b - a) * w;
  }

  /** The strongest episode in force: 8–14 cm, building and easing over 2–4 days. */
  private double episodeCm(Instant at) {
    LocalDate today = CanThoTime.localDate(at);
    double strongest = 0;
    for (int back = 0; back <= EPISODE_MAX_DAYS; back++) {
      LocalDate day = today.minusDays(back);
      if (day.getMonth() != Month.OCTOBER && day.getMonth() != Month.NOVEMBER) {
        continue;
      }
      long d = day.toEpochDay();
      if (SeededNoise.uniform(episodeKey, 4 * d) >= EPISODE_CHANCE) {
        continue;
      }
      double startH = 24 * SeededNoise.uniform(episodeKey, 4 * d + 1);
      double lengthH = 24 * (2 + 2 * SeededNoise.uniform(episodeKey, 4 * d + 2));
      double peakCm = 8 + 6 * SeededNoise.uniform(episodeKey, 4 * d + 3);
      Instant start =
          CanThoTime.instant(day, LocalTime.MIDNIGHT).plusSeconds((long) (startH * 3600));
      double x = (at.getEpochSecond() - start.getEpochSecond()) / 3600.0 / lengthH;
      if (x > 0 && x < 1) {
        strongest = Math.max(strongest, peakCm * Math.pow(Math.sin(Math.PI * x), 2));
      }
    }
    return strongest;
  }

  /** Runoff of the showers of the last 12 hours at the gauge, in cm: a few cm for some hours. */
  double rainCm(Instant at) {
    long bucket = Math.floorDiv(at.getEpochSecond(), RAIN_BUCKET_S);
    double sum = 0;
    for (long b = bucket - RAIN_LOOKBACK_BUCKETS; b <= bucket; b++) {
      long startS = b * RAIN_BUCKET_S;
      Instant bucketStart = Instant.ofEpochSecond(startS);
      if (SeededNoise.uniform(rainKey, 3 * b) >= showerChance(bucketStart)) {
        continue;
      }
      double offsetH = 3 * SeededNoise.uniform(rainKey, 3 * b + 1);
      double amountCm = 1 + 4 * SeededNoise.uniform(rainKey, 3 * b + 2);
      double hoursSince = (at.getEpochSecond() - startS) / 3600.0 - offsetH;
      sum += amountCm * pulse(hoursSince, RAIN_RISE_H);
    }
    return sum;
  }

  /** One in two days or so in the rainy season (May–November), rarely in the dry season. */
  private static double showerChance(Instant at) {
    int month = CanThoTime.localDate(at).getMonthValue();
    return month >= 5 && month <= 11 ? 0.06 : 0.01;
  }

  /**
   * A runoff pulse of height 1 peaking {@code riseH} hours after it starts, then draining:
   * x·e^(1−x) with x in units of the rise time; 0 before the start and after 12 hours.
   */
  static double pulse(double hoursSince, double riseH) {
    if (hoursSince <= 0 || hoursSince >= 12) {
      return 0;
    }
    double x = hoursSince / riseH;
    return x * Math.exp(1 - x);
  }
}
