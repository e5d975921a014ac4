package vn.cantho.ioc.sim;

import java.nio.charset.StandardCharsets;

/**
 * Randomness that is a pure function of its inputs: the same device, quantity and time give the
 * same number in every run and on every machine. This is what makes the models testable and lets
 * two simulator instances agree on what a device "measured".
 *
 * <p>Hot loops (a scenario asked for millions of readings) hash the device and name once with
 * {@link #key} and pass the key; the string forms are the same numbers.
 */
public final class SeededNoise {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private SeededNoise() {}

  /** A per-device constant in [min, max), e.g. the mean DO of one pond. */
  public static double trait(String deviceId, String name, double min, double max) {
    return min + unit(hash(key(deviceId, name), 0)) * (max - min);
  }

  /**
   * Sensor noise in [−halfWidth, halfWidth], triangular (sum of two uniforms) so that small errors
   * are more likely than large ones, as with a real probe.
   */
  static double jitter(String deviceId, String name, long timeBucket, double halfWidth) {
    return jitter(key(deviceId, name), timeBucket, halfWidth);
  }

  /** {@link #jitter(String, String, long, double)} for a precomputed {@link #key}. */
  public static double jitter(long key, long timeBucket, double halfWidth) {
    long h = hash(key, timeBucket);
    double a = unit(h);
    double b = unit(mix(h ^ 0x9e3779b97f4a7c15L));
    return (a + b - 1.0) * halfWidth;
  }

  /** Uniform in [0, 1) for a time bucket, for decisions rather than measurement noise. */
  static double uniform(String deviceId, String name, long timeBucket) {
    return uniform(key(deviceId, name), timeBucket);
  }

  /** {@link #uniform(String, String, long)} for a precomputed {@link #key}. */
  public static double uniform(long key, long timeBucket) {
    return unit(hash(key, timeBucket));
  }

  /** The hash of a device and a quantity's name, computed once for the key-taking forms. */
  public static long key(String deviceId, String name) {
    long h = FNV_OFFSET;
    for (byte b : (deviceId + '\u0000' + name).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  private static long hash(long key, long bucket) {
    return mix(key ^ mix(bucket));
  }

  /** SplitMix64 finaliser: spreads nearby inputs (consecutive seconds) over the whole range. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }
}
