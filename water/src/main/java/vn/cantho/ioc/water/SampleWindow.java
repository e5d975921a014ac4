package vn.cantho.ioc.water;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One device's recent samples of one metric, oldest first, none older than {@code length} before
 * the newest. Late samples (not newer than the newest) are refused, so a re-delivered or
 * out-of-order reading never bends a trend. Not thread-safe: callers lock it.
 */
final class SampleWindow {
  private final Duration length;
  private final ArrayDeque<Instant> times = new ArrayDeque<>();
  private final ArrayDeque<Double> values = new ArrayDeque<>();

  SampleWindow(Duration length) {
    this.length = length;
  }

  /** Adds the sample and drops what fell out; false, adding nothing, for a late sample. */
  boolean add(Instant ts, double value) {
    if (!times.isEmpty() && !ts.isAfter(times.peekLast())) {
      return false;
    }
    times.addLast(ts);
    values.addLast(value);
    Instant from = ts.minus(length);
    while (times.peekFirst().isBefore(from)) {
      times.removeFirst();
      values.removeFirst();
    }
    return true;
  }

  /** From the oldest sample to the newest. */
  Duration span() {
    return times.isEmpty() ? Duration.ZERO : Duration.between(times.peekFirst(), times.peekLast());
  }

  int size() {
    return times.size();
  }

  double oldestValue() {
    return values.peekFirst();
  }

  Iterator<Instant> times() {
    return times.iterator();
  }

  Iterable<Double> values() {
    return values;
  }
}
