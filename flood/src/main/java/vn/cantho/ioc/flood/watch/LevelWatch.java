package vn.cantho.ioc.flood.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.cantho.ioc.flood.station.AlarmLevels;
import vn.cantho.ioc.flood.station.FloodStation;

/**
 * Where one station's water is against its alarm levels, decided reading by reading on the
 * readings' own time. A level counts as crossed after {@link FloodStation#confirmSamples} readings
 * in a row at or above it, and as left after as many below it by {@link FloodStation#hysteresisCm}:
 * one sample of noise neither raises nor ends an alarm, and a level wavering at the line raises it
 * once. Readings older than the last one are ignored (and counted): replays give the same events.
 */
public final class LevelWatch {
  private final String deviceId;
  private AlarmLevels levels;
  private double hysteresisCm;
  private int confirm;

  private final boolean[] above = new boolean[4];
  private final int[] run = new int[4];
  private final Instant[] runStart = new Instant[4];
  private final double[] runStartValue = new double[4];
  private Instant last;
  private long outOfOrder;

  public LevelWatch(FloodStation station) {
    this.deviceId = station.deviceId();
    configure(station);
  }

  /** New alarm levels or rules take effect from the next reading; the state is kept. */
  public void configure(FloodStation station) {
    this.levels = station.levels();
    this.hysteresisCm = station.hysteresisCm();
    this.confirm = station.confirmSamples();
  }

  /** Takes one reading; returns the crossings it confirms, lowest level first. */
  public List<LevelEvent> accept(Instant at, double valueCm) {
    if (last != null && !at.isAfter(last)) {
      outOfOrder++;
      return List.of();
    }
    last = at;
    List<LevelEvent> events = new ArrayList<>(1);
    for (int k = 1; k <= 3; k++) {
      double line = levels.cm(k);
      boolean towardChange = above[k] ? valueCm < line - hysteresisCm : valueCm >= line;
      if (!towardChange) {
        run[k] = 0;
        continue;
      }
      if (run[k]++ == 0) {
        runStart[k] = at;
        runStartValue[k] = valueCm;
      }
      if (run[k] >= confirm) {
        above[k] = !above[k];
        run[k] = 0;
        events.add(new LevelEvent(deviceId, k, above[k], runStart[k], runStartValue[k]));
      }
    }
    return events;
  }

  /** The highest alarm level the water is at (0: below BĐ I). */
  public int alarm() {
    for (int k = 3; k >= 1; k--) {
      if (above[k]) {
        return k;
      }
    }
    return 0;
  }

  /** The time of the last reading taken, or null. */
  public Instant last() {
    return last;
  }

  /** Readings ignored because they were not newer than the last one taken. */
  public long outOfOrder() {
    return outOfOrder;
  }
}
