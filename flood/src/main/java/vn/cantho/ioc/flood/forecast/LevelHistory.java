package vn.cantho.ioc.flood.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * One station's recent water levels, oldest first, kept for as long as the forecast's window: two
 * primitive arrays that grow and drop what is older than the window, so a month of 5-minute
 * readings is 140 KB and appending costs no allocation. Not thread-safe: one monitor thread owns
 * it.
 */
public final class LevelHistory {
  private final long keepSeconds;
  private long[] times = new long[1024];
  private double[] values = new double[1024];
  private int start;
  private int end;

  public LevelHistory(Duration keep) {
    this.keepSeconds = keep.toSeconds();
  }

  /** Appends a reading newer than the last one (the caller keeps time order). */
  public void append(Instant at, double valueCm) {
    long t = at.getEpochSecond();
    if (end > start && t <= times[end - 1]) {
      throw new IllegalArgumentException("history is in time order: " + at);
    }
    if (end == times.length) {
      compact(t);
    }
    times[end] = t;
    values[end] = valueCm;
    end++;
  }

  private void compact(long now) {
    while (start < end && times[start] < now - keepSeconds) {
      start++;
    }
    int n = end - start;
    if (n > times.length / 2) {
      times = Arrays.copyOf(Arrays.copyOfRange(times, start, end), times.length * 2);
      values = Arrays.copyOf(Arrays.copyOfRange(values, start, end), values.length * 2);
    } else {
      System.arraycopy(times, start, times, 0, n);
      System.arraycopy(values, start, values, 0, n);
    }
    start = 0;
    end = n;
  }

  /** Index of the first reading at or after {@code t} (epoch seconds), or {@link #end()}. */
  public int indexAtOrAfter(long t) {
    int i = Arrays.binarySearch(times, start, end, t);
    return i >= 0 ? i : -i - 1;
  }

  public int start() {
    return start;
  }

  public int end() {
    return end;
  }

  public long time(int i) {
    return times[i];
  }

  public double value(int i) {
    return values[i];
  }

  public boolean isEmpty() {
    return end == start;
  }

  /** The oldest reading's time, epoch seconds; only when not empty. */
  public long first() {
    return times[start];
  }

  /** The newest reading's time, epoch seconds; only when not empty. */
  public long last() {
    return times[end - 1];
  }
}
