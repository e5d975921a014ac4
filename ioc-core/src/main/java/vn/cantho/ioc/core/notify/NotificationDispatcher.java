package vn.cantho.ioc.core.notify;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. One claimer thread takes due messages, no more than there are free
 * sender threads (the bound: a slow provider holds back claiming, not memory), and the sender
 * threads hand each to its channel's {@link Sender} and record the outcome: delivered, retried with
 * back-off, or given up with the provider's reason. {@link #wake()} after an alert commits makes
 * the first attempt immediate; otherwise the claimer looks again every second (retries, quiet
 * hours). Its threads are its own, never a Vert.x event loop.
 */
public final class NotificationDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  private static final long IDLE_MS = 1000;

  private final Outbox outbox;
  private final Map<Channel, Sender> senders;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Semaphore slots;
  private final ExecutorService pool;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running;
  private Thread claimer;

  public NotificationDispatcher(
      Outbox outbox, Map<Channel, Sender> senders, RetryPolicy retry, Clock clock, int threads) {
    this.outbox = outbox;
    this.senders = Map.copyOf(senders);
    this.retry = retry;
    this.clock = clock;
    this.slots = new Semaphore(threads);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "ioc-notify-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Puts back messages a crash left half-sent, then starts claiming. */
  public void start() throws SQLException {
    int recovered = outbox.recoverInterrupted();
    if (recovered > 0) {
      LOG.warn(
          "{} notifications were being sent when the IOC stopped; sending them again", recovered);
    }
    running = true;
    claimer = new Thread(this::claimLoop, "ioc-notify-claimer");
    claimer.setDaemon(true);
    claimer.start();
  }

  /** Something may be due now (an alert committed, a sender finished). */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void claimLoop() {
    while (running) {
      int claimed = 0;
      try {
        int free = slots.availablePermits();
        if (free > 0) {
          List<Outgoing> due = outbox.claimDue(free);
          claimed = due.size();
          for (Outgoing m : due) {
            slots.acquireUninterruptibly();
            pool.execute(() -> sendAndRecord(m));
          }
        }
      } catch (SQLException | RuntimeException e) {
        LOG.error("Claiming notifications failed; trying again", e);
      }
      if (claimed == 0) {
        idle();
      }
    }
  }

  private void idle() {
    synchronized (signal) {
      if (!woken && running) {
        try {
          signal.wait(IDLE_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }

  private void sendAndRecord(Outgoing m) {
    long started = System.nanoTime();
    try {
      Delivery d = attempt(m);
      int elapsed = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
      switch (d.outcome()) {
        case DELIVERED -> outbox.delivered(m.id(), d.detail(), elapsed);
        case REJECTED -> outbox.failed(m.id(), "rejected: " + d.detail(), elapsed);
        case RETRY -> {
          if (m.attempt() >= retry.maxAttempts()) {
            outbox.failed(
                m.id(), "gave up after " + m.attempt() + " attempts: " + d.detail(), elapsed);
          } else {
            Instant next = clock.instant().plus(retry.delayAfter(m.attempt()));
            outbox.retryAt(m.id(), next, d.detail(), elapsed);
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      // Left 'sending': the next start puts it back, and the idempotency key guards a resend.
      LOG.error("Outcome of notification {} not recorded", m.id(), e);
    } finally {
      slots.release();
      wake();
    }
  }

  private Delivery attempt(Outgoing m) {
    Sender sender = senders.get(m.channel());
    if (sender == null) {
      return Delivery.rejected("no " + m.channel().code() + " provider is configured");
    }
    try {
      return sender.send(m);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Delivery.retry("interrupted");
    } catch (Exception e) {
      return Delivery.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    wake();
    if (claimer != null) {
      try {
        claimer.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
