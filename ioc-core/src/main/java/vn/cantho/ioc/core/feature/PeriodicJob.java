package vn.cantho.ioc.core.feature;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Work a feature needs done every so often (a sweep, an hourly index). The kernel runs it on its
 * worker pool, one run at a time, and logs a failure without stopping the next run.
 */
public record PeriodicJob(String name, Duration every, Callable<?> work) {
  public PeriodicJob {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("job " + name + " needs a positive period");
    }
  }
}
