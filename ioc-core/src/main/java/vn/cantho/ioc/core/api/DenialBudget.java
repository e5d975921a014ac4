package vn.cantho.ioc.core.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many of one user's denials reach the audit log: at most {@link #PER_MINUTE} within a minute.
 * The rest are counted, and the count is handed out with the first denial of the next minute, so a
 * low-privilege user probing routes in a loop cannot grow the append-only audit table without
 * bound, yet the log still says how much he tried. Bounded to {@link #MAX_KEYS} users (the least
 * recently denied are forgotten, with their uncounted rest). In memory and per node.
 */
final class DenialBudget {
  static final int PER_MINUTE = 30;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final int MAX_KEYS = 10_000;

  /**
   * @param record whether to audit this denial
   * @param dropped denials of the previous window that were not audited, to be audited as a count
   */
  record Share(boolean record, long dropped) {}

  private static final class Window {
    Instant start;
    int recorded;
    long dropped;
  }

  private final Clock clock;
  private final Map<String, Window> windows =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
          return size() > MAX_KEYS;
        }
      };

  DenialBudget(Clock clock) {
    this.clock = clock;
  }

  synchronized Share take(String user) {
    Instant now = clock.instant();
    Window w = windows.computeIfAbsent(user, k -> new Window());
    long carried = 0;
    if (w.start == null || !now.isBefore(w.start.plus(WINDOW))) {
      carried = w.dropped;
      w.start = now;
      w.recorded = 0;
      w.dropped = 0;
    }
    if (w.recorded < PER_MINUTE) {
      w.recorded++;
      return new Share(true, carried);
    }
    w.dropped++;
    return new Share(false, carried);
  }
}
