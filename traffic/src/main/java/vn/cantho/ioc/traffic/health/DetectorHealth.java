package vn.cantho.ioc.traffic.health;

import java.time.Duration;
import java.time.Instant;
import vn.cantho.ioc.traffic.detect.StationMinute;

/**
 * Whether one detector station's minutes can be believed (docs/traffic-incident-detection.md §2.4,
 * after IRIS's auto-fail rules, with durations for one-minute urban data): a faulty station is
 * excluded from detection (its pairs make no decision) and reported to maintenance, never reported
 * as an incident. Driven by the data's minutes; one instance per station, fed in order.
 */
public final class DetectorHealth {
  /** Why a station is not believed; {@link #HEALTHY} when it is. */
  public enum Status {
    HEALTHY,
    /** No minute for 3 minutes: no decision yet, maintenance after {@link #SILENCE_ALERT}. */
    SILENT,
    /** Occupancy at 98 % or more for 2 minutes: a loop stuck on. */
    LOCKED_ON,
    /** The same non-zero flow, speed and occupancy for 10 minutes. */
    STUCK,
    /** A flow no road carries. */
    CHATTER,
    /** Vehicles without occupancy, or speed or occupancy without vehicles, for 3 minutes. */
    IMPOSSIBLE
  }

  static final Duration SILENCE = Duration.ofMinutes(3);

  /** How long a silence lasts before it is maintenance's business. */
  public static final Duration SILENCE_ALERT = Duration.ofMinutes(15);

  static final int LOCKED_ON_MINUTES = 2;
  static final int STUCK_MINUTES = 10;
  static final int IMPOSSIBLE_MINUTES = 3;

  /** The catalog's maximum for traffic flow, vehicles per hour. */
  static final double MAX_FLOW = 20_000;

  private StationMinute last;
  private int lockedOn;
  private int same;
  private int impossible;
  private Status status = Status.HEALTHY;

  /** Takes the station's next minute and returns its status as of that minute. */
  public Status accept(StationMinute m) {
    if (last != null && !m.at().isAfter(last.at())) {
      throw new IllegalArgumentException("minute " + m.at() + " is not after " + last.at());
    }
    boolean gap = last != null && Duration.between(last.at(), m.at()).compareTo(SILENCE) >= 0;
    lockedOn = m.occupancy() >= 98 ? lockedOn + 1 : 0;
    same = !gap && last != null && sameValues(last, m) && m.flow() > 0 ? same + 1 : 0;
    impossible = impossibleCombination(m) ? impossible + 1 : 0;
    last = m;
    if (m.flow() > MAX_FLOW) {
      status = Status.CHATTER;
    } else if (lockedOn >= LOCKED_ON_MINUTES) {
      status = Status.LOCKED_ON;
    } else if (same + 1 >= STUCK_MINUTES) {
      status = Status.STUCK;
    } else if (impossible >= IMPOSSIBLE_MINUTES) {
      status = Status.IMPOSSIBLE;
    } else {
      status = Status.HEALTHY;
    }
    return status;
  }

  /**
   * True when the last minute already shows a fault's sign (a loop at 98 % or more, an impossible
   * combination) that has not yet lasted long enough to send maintenance: such a minute decides
   * nothing, so one minute of a failing loop cannot raise an incident.
   */
  public boolean doubtful() {
    return lockedOn > 0 || impossible > 0;
  }

  /** The status as of a data time: a station that has been quiet for 3 minutes is silent. */
  public Status statusAt(Instant now) {
    if (last == null || Duration.between(last.at(), now).compareTo(SILENCE) >= 0) {
      return Status.SILENT;
    }
    return status;
  }

  /** True when a silence has lasted long enough to send maintenance. */
  public boolean silentForMaintenance(Instant now) {
    return last != null && Duration.between(last.at(), now).compareTo(SILENCE_ALERT) >= 0;
  }

  private static boolean sameValues(StationMinute a, StationMinute b) {
    return a.flow() == b.flow() && a.speed() == b.speed() && a.occupancy() == b.occupancy();
  }

  private static boolean impossibleCombination(StationMinute m) {
    return (m.flow() > 0 && m.occupancy() == 0)
        || (m.speed() > 0 && m.flow() == 0)
        || (m.occupancy() > 0 && m.flow() == 0);
  }
}
