package vn.cantho.ioc.core.feature;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Work a feature needs done every so often (a sweep, an hourly index). The kernel runs it on its
 * worker pool, one run at a time, and logs a failure without stopping the next run.
 *
 * <p>In a cluster (ADR 0022) a job runs on the leader only, once for the whole cluster, unless it
 * is {@code perNode}: work on this node's own memory (a cache, the node's own queue), which every
 * node must do for itself ({@link #perNode(String, Duration, Callable)}). The feature need not know
 * which node leads.
 */
public record PeriodicJob(String name, Duration every, Callable<?> work, boolean perNode) {
  public PeriodicJob {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("job " + name + " needs a positive period");
    }
  }

  /** A job run once for the whole cluster, by its leader. */
  public PeriodicJob(String name, Duration every, Callable<?> work) {
    this(name, every, work, false);
  }

  /** A job every node runs for itself, leader or not. */
  public static PeriodicJob perNode(String name, Duration every, Callable<?> work) {
    return new PeriodicJob(name, every, work, true);
  }
}
