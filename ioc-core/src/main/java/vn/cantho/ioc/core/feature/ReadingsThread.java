package vn.cantho.ioc.core.feature;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;

/**
 * The one thread a feature decides committed readings on, in the order they were committed: the
 * event loop only filters and enqueues into a bounded queue; a full queue drops the batch for the
 * feature (the readings are stored all the same) and counts it. Other work that must not race with
 * the decisions (replaying stored history, new settings) runs on the same thread. After {@link
 * #close} nothing more is decided.
 */
public final class ReadingsThread implements AutoCloseable {
  private final ThreadPoolExecutor thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private volatile boolean closed;
  private MessageConsumer<CommittedReadings> consumer;
  private Predicate<Reading> mine = r -> false;
  private Consumer<List<Reading>> decide = readings -> {};

  /**
   * @param name the thread's name ({@code ioc-flood-monitor})
   * @param queue tasks waiting at most (batches of readings and other work)
   */
  public ReadingsThread(String name, int queue) {
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            },
            (r, executor) -> dropped.incrementAndGet());
  }

  /**
   * What this thread decides: the readings of each committed batch that {@code mine} keeps, handed
   * to {@code decide} on this thread. Call before {@link #listen} or {@link #submit}.
   */
  public void decide(Predicate<Reading> mine, Consumer<List<Reading>> decide) {
    this.mine = mine;
    this.decide = decide;
  }

  /** Listens to committed readings on the node's event bus. */
  public void listen(Vertx vertx) {
    consumer =
        vertx
            .eventBus()
            .<CommittedReadings>consumer(
                CommittedReadings.ADDRESS, m -> submit(m.body().readings()));
  }

  /**
   * Hands a batch to the thread (never blocks the caller). Only the feature's readings take a place
   * in the queue: other domains' batches would crowd out what it needs.
   */
  public void submit(List<Reading> readings) {
    List<Reading> kept = readings.stream().filter(mine).toList();
    if (kept.isEmpty()) {
      processed.addAndGet(readings.size());
      return;
    }
    thread.execute(
        () -> {
          if (!closed) {
            decide.accept(kept);
          }
          processed.addAndGet(readings.size());
        });
  }

  /** Other work on the thread, after what is queued; dropped and counted when the queue is full. */
  public void execute(Runnable task) {
    thread.execute(task);
  }

  /** Readings of committed batches the thread has been through (its own and the others'). */
  public long processed() {
    return processed.get();
  }

  /** Tasks left out because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    if (consumer != null) {
      try {
        consumer.unregister();
      } catch (RejectedExecutionException e) {
        // Vert.x stopped first (the node's stop order): its consumers went with it.
      }
    }
    thread.shutdown();
  }
}
