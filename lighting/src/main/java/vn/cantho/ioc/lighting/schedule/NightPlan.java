package vn.cantho.ioc.lighting.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A profile resolved on one night at one place: absolute switch times and level changes. Resolved
 * once per night and place and then only read, so asking a lamp's level is a short scan.
 *
 * @param date the calendar day of the night: the date of its evening
 * @param changes level changes in time order; those outside [on, off) have no effect
 */
public record NightPlan(
    LocalDate date,
    String profileId,
    Instant on,
    Instant off,
    int onPercent,
    List<Change> changes) {
  public record Change(Instant at, int percent) {}

  public NightPlan {
    changes = List.copyOf(changes);
  }

  /** The level at {@code t}: off outside [on, off), else the last change at or before t. */
  public LightLevel levelAt(Instant t) {
    if (t.isBefore(on) || !t.isBefore(off)) {
      return LightLevel.OFF;
    }
    int percent = onPercent;
    for (Change c : changes) {
      if (c.at().isAfter(t)) {
        break;
      }
      percent = c.percent();
    }
    return LightLevel.of(percent);
  }
}
