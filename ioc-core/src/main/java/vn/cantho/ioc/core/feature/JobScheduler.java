package vn.cantho.ioc.core.feature;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs periodic jobs on Vert.x's worker pool, one run of each at a time, and stops them cleanly:
 * {@link #stop} cancels the timers and waits for the runs in progress. Vert.x must not be closed
 * under a running job, whose completion would find its event loop gone (a
 * RejectedExecutionException at stop, seen in DemoLifecycleTest).
 */
public final class JobScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  private final Vertx vertx;
  private final List<Long> timers = new ArrayList<>();
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;
  private volatile boolean held;

  public JobScheduler(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Runs {@code work} every {@code every} while {@code runsHere} says so (the cluster's leader, ADR
   * 0022) and its previous run has ended; a failed run goes to {@code onFailure}.
   */
  public synchronized void schedule(
      Duration every, BooleanSupplier runsHere, Callable<?> work, Consumer<Throwable> onFailure) {
    if (stopped) {
      throw new IllegalStateException("the scheduler is stopped");
    }
    AtomicBoolean running = new AtomicBoolean();
    timers.add(
        vertx.setPeriodic(
            every.toMillis(),
            id -> {
              if (stopped
                  || held
                  || !runsHere.getAsBoolean()
                  || !running.compareAndSet(false, true)) {
                return;
              }
              Future<?> run = vertx.executeBlocking(work, false);
              inFlight.add(run);
              run.onComplete(
                  done -> {
                    inFlight.remove(run);
                    running.set(false);
                  });
              run.onFailure(onFailure::accept);
            }));
  }

  /**
   * Starts no run until the returned handle is closed (a run due meanwhile is skipped, as when its
   * previous run is still going), and waits at most {@code grace} for the runs in progress. The
   * ingest bench holds the jobs while it measures the database alone: a rollup during that phase
   * lowered its ceiling by a quarter. Blocking: call it off the event loop.
   */
  public Held hold(Duration grace) {
    held = true;
    awaitRunsInProgress(grace);
    return () -> held = false;
  }

  /**
   * Cancels every timer, then waits at most {@code grace} for the runs in progress. Blocking: call
   * it off the event loop, before Vert.x closes.
   */
  public void stop(Duration grace) {
    List<Long> ids;
    synchronized (this) {
      stopped = true;
      ids = List.copyOf(timers);
      timers.clear();
    }
    ids.forEach(vertx::cancelTimer);
    awaitRunsInProgress(grace);
  }

  private void awaitRunsInProgress(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    // Twice: a timer that fired just before the stop or hold may add its run after the first look.
    for (int look = 0; look < 2 && !inFlight.isEmpty(); look++) {
      try {
        Future.join(List.copyOf(inFlight))
            .toCompletionStage()
            .toCompletableFuture()
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.warn("{} periodic jobs still running after {} s", inFlight.size(), grace.toSeconds());
        return;
      } catch (ExecutionException e) {
        // A run failed: its onFailure has it; what matters here is that it ended.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A hold on every job; closing it lets them run again at their next turn. */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
