package vn.cantho.ioc.core.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Which rollup marks a batch must write ({@link Rollups#markDirty}). A live series sends many
 * readings into the same 5-minute bucket, and re-marking it each batch cost the database an index
 * probe per series per batch. A mark this writer committed for a bucket that began less than {@link
 * #TRUSTED} ago is still there: the rollup job takes only buckets that began over ten minutes ago
 * (by the database's clock; the margin covers five minutes of skew between the clocks). Older
 * buckets, late or replayed readings, are always marked.
 */
final class DirtyMarks {
  private static final long WIDTH_SECONDS = Rollups.Table.FIVE_MINUTES.width.toSeconds();
  static final Duration TRUSTED = Duration.ofMinutes(5);

  /** The marks to write: distinct series and bucket starts, in two parallel arrays. */
  record Marks(int[] seriesIds, long[] bucketStarts) {}

  private final Clock clock;
  // Keys: series id in the high half, bucket number (epoch seconds / 300) in the low half.
  private final Set<Long> committed = ConcurrentHashMap.newKeySet();
  private volatile long prunedBelowBucket;

  DirtyMarks(Clock clock) {
    this.clock = clock;
  }

  /**
   * The marks these readings need that are not known to be in place, in key order: transactions
   * marking the same buckets at once (nodes of a cluster sharing a device's messages, ADR 0022)
   * then take their row locks in the same order, and wait for each other instead of deadlocking.
   */
  Marks needed(List<Reading> readings, int[] seriesIds) {
    long trustedFrom = trustedFromBucket();
    Set<Long> keys = new TreeSet<>();
    for (int i = 0; i < seriesIds.length; i++) {
      long bucket = Math.floorDiv(readings.get(i).ts().getEpochSecond(), WIDTH_SECONDS);
      long key = key(seriesIds[i], bucket);
      if (bucket < trustedFrom || !committed.contains(key)) {
        keys.add(key);
      }
    }
    int[] series = new int[keys.size()];
    long[] starts = new long[keys.size()];
    int n = 0;
    for (long key : keys) {
      series[n] = (int) (key >>> 32);
      starts[n++] = (key & 0xFFFF_FFFFL) * WIDTH_SECONDS;
    }
    return new Marks(series, starts);
  }

  /** Remembers marks once their transaction committed; forgets those too old to trust. */
  void committed(Marks marks) {
    long trustedFrom = trustedFromBucket();
    for (int i = 0; i < marks.seriesIds().length; i++) {
      long bucket = marks.bucketStarts()[i] / WIDTH_SECONDS;
      if (bucket >= trustedFrom) {
        committed.add(key(marks.seriesIds()[i], bucket));
      }
    }
    if (trustedFrom > prunedBelowBucket) {
      prunedBelowBucket = trustedFrom;
      committed.removeIf(k -> (k & 0xFFFF_FFFFL) < trustedFrom);
    }
  }

  /** The first bucket that began at or after {@link #TRUSTED} ago. */
  private long trustedFromBucket() {
    return Math.floorDiv(clock.instant().minus(TRUSTED).getEpochSecond(), WIDTH_SECONDS) + 1;
  }

  private static long key(int seriesId, long bucket) {
    return ((long) seriesId << 32) | (bucket & 0xFFFF_FFFFL);
  }
}
