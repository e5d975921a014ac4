package vn.cantho.ioc.sim;

import java.util.Arrays;

/**
 * A quantity that follows the clock over a day, given as (hour, value) points joined by straight
 * lines; the day wraps, so 23:00 → 01:00 interpolates across midnight. Easy to read and to tune.
 */
final class DayCurve {
  private final double[] hours;
  private final double[] values;

  /** Points as alternating hour and value: {@code of(0, 0.1, 7.5, 1.0, …)}, hours ascending. */
  static DayCurve of(double... hourValuePairs) {
    if (hourValuePairs.length < 4 || hourValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("need at least two (hour, value) points");
    }
    int n = hourValuePairs.length / 2;
    double[] hours = new double[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      hours[i] = hourValuePairs[2 * i];
      values[i] = hourValuePairs[2 * i + 1];
      if (hours[i] < 0 || hours[i] >= 24 || (i > 0 && hours[i] <= hours[i - 1])) {
        throw new IllegalArgumentException("hours must ascend within [0, 24)");
      }
    }
    return new DayCurve(hours, values);
  }

  private DayCurve(double[] hours, double[] values) {
    this.hours = hours;
    this.values = values;
  }

  double at(double hourOfDay) {
    int n = hours.length;
    int i = Arrays.binarySearch(hours, hourOfDay);
    if (i >= 0) {
      return values[i];
    }
    int next = -i - 1;
    int prev = next - 1;
    double prevHour;
    double nextHour;
    if (next == n || prev < 0) {
      // between the last point of one day and the first point of the next
      prev = n - 1;
      next = 0;
      prevHour = hours[prev] - (hourOfDay < hours[0] ? 24 : 0);
      nextHour = hours[next] + (hourOfDay >= hours[n - 1] ? 24 : 0);
    } else {
      prevHour = hours[prev];
      nextHour = hours[next];
    }
    double fraction = (hourOfDay - prevHour) / (nextHour - prevHour);
    return values[prev] + fraction * (values[next] - values[prev]);
  }
}
