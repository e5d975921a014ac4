package vn.cantho.ioc.core.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * Hears what the other nodes commit ({@link ClusterNotices}) on a dedicated LISTEN session and
 * hands it, on a thread of its own, to the node's {@link Handler}: its live feed, latest state and
 * registry. Nothing here runs on an event loop.
 *
 * <p>Two threads and a bounded queue between them: the listener only reads notifications (so the
 * server's notification queue never backs up behind a slow consumer) and drops what does not fit,
 * counted in {@link #dropped()}: a dropped notice costs the live map one update of a few devices,
 * which their next reading repairs, never a stored reading. The session reconnects after a failure
 * with a growing pause; what was announced meanwhile is not heard again ({@link #reconnects()}).
 */
public final class ClusterListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterListener.class);

  /** What the node does with each notice; called on the listener's dispatch thread. */
  public interface Handler {
    void readings(ClusterNotices.ReadingsNotice notice);

    void alert(ClusterNotices.AlertNotice notice) throws Exception;

    void device(ClusterNotices.DeviceNotice notice);
  }

  /** Notifications waiting for the dispatch thread; each holds up to ~150 readings. */
  public static final int QUEUE = 10_000;

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

  private final DatabaseConfig database;
  private final String nodeId;
  private final Handler handler;
  private final BlockingQueue<PGNotification> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong heard = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Thread listener;
  private final Thread dispatcher;
  private volatile boolean running = true;
  private volatile boolean listening;

  public ClusterListener(DatabaseConfig database, String nodeId, Handler handler) {
    this.database = database;
    this.nodeId = nodeId;
    this.handler = handler;
    this.listener = new Thread(this::listen, "ioc-cluster-listen");
    this.dispatcher = new Thread(this::dispatch, "ioc-cluster-dispatch");
    listener.setDaemon(true);
    dispatcher.setDaemon(true);
  }

  public ClusterListener start() {
    listener.start();
    dispatcher.start();
    return this;
  }

  /** Whether the LISTEN session is up now (health). */
  public boolean listening() {
    return listening;
  }

  /** Notices that did not fit the queue. */
  public long dropped() {
    return dropped.get();
  }

  /** Notices from other nodes handed to the handler. */
  public long heard() {
    return heard.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  /** Notices the handler failed on (logged). */
  public long failures() {
    return failures.get();
  }

  private void listen() {
    Duration pause = Duration.ofMillis(200);
    boolean first = true;
    while (running) {
      try (Connection c = DedicatedConnection.open(database, "ioc-cluster-listen:" + nodeId)) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + ClusterNotices.READINGS);
          s.execute("LISTEN " + ClusterNotices.ALERTS);
          s.execute("LISTEN " + ClusterNotices.DEVICES);
        }
        if (!first) {
          reconnects.incrementAndGet();
          LOG.info("Cluster listener connected again; notices sent meanwhile were missed");
        }
        first = false;
        listening = true;
        pause = Duration.ofMillis(200);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] got = pg.getNotifications((int) POLL.toMillis());
          if (got == null) {
            continue;
          }
          for (PGNotification n : got) {
            if (!queue.offer(n)) {
              dropped.incrementAndGet();
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (!running) {
          return;
        }
        LOG.warn(
            "Cluster listener lost its session ({}); again in {} ms",
            e.getMessage(),
            pause.toMillis());
        try {
          Thread.sleep(pause.toMillis()); // back-off before reconnecting, not synchronisation
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      }
    }
    listening = false;
  }

  private void dispatch() {
    while (running || !queue.isEmpty()) {
      PGNotification n;
      try {
        n = queue.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (n == null) {
        continue;
      }
      try {
        handle(n.getName(), n.getParameter());
      } catch (Exception e) {
        failures.incrementAndGet();
        LOG.warn("Cluster notice on {} not handled: {}", n.getName(), e.toString());
      }
    }
  }

  private void handle(String channel, String payload) throws Exception {
    switch (channel) {
      case ClusterNotices.READINGS ->
          ClusterNotices.decodeReadings(payload)
              .filter(r -> !r.nodeId().equals(nodeId))
              .ifPresent(
                  r -> {
                    heard.incrementAndGet();
                    handler.readings(r);
                  });
      case ClusterNotices.ALERTS -> {
        var a = ClusterNotices.decodeAlert(payload).filter(x -> !x.nodeId().equals(nodeId));
        if (a.isPresent()) {
          heard.incrementAndGet();
          handler.alert(a.get());
        }
      }
      case ClusterNotices.DEVICES ->
          ClusterNotices.decodeDevice(payload)
              .filter(d -> !d.nodeId().equals(nodeId))
              .ifPresent(
                  d -> {
                    heard.incrementAndGet();
                    handler.device(d);
                  });
      default -> LOG.debug("Notice on unknown channel {}", channel);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      listener.join(POLL.toMillis() * 4);
      dispatcher.join(POLL.toMillis() * 4);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
