package vn.cantho.ioc.traffic.detect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * The places that jam at the same time on most days (docs/traffic-incident-detection.md §2.3): a
 * pair whose upstream station was clearly slower than its downstream one for at least {@link
 * #MINUTES_FOR_A_DAY} minutes of the same 15-minute slot (±30 minutes) on at least 3 of the last 5
 * days of the same type is a known bottleneck there, and its alarms in that slot are not incidents.
 * The baselines learn most recurrent congestion; this covers what they cannot: a bottleneck that
 * starts early or runs heavy one day, which looks anomalous against the usual minutes. Watching the
 * raw discontinuity, not bpd's incidents, is what lets it learn a bottleneck that bpd rarely alarms
 * on. Driven by the data's minutes; not thread-safe.
 */
public final class RecurrentRegister {
  static final int DAYS_LOOKED_AT = 5;
  static final int DAYS_NEEDED = 3;

  /** ±30 minutes around the slot. */
  static final int SLOTS_AROUND = 2;

  /** Days further back than this are forgotten: the same-type days looked at lie within it. */
  private static final int MEMORY_DAYS = 35;

  /** Minutes of discontinuity in one slot that make the day count. */
  static final int MINUTES_FOR_A_DAY = 5;

  /** pair → slot of the local day → day → minutes of discontinuity in that slot. */
  private final Map<String, Map<Integer, TreeMap<LocalDate, Integer>>> positives = new HashMap<>();

  /** Notes that the pair's upstream station is clearly slower than its downstream one now. */
  public void discontinuity(String pair, Instant minute) {
    ZonedDateTime local = minute.atZone(CanThoTime.ZONE);
    TreeMap<LocalDate, Integer> days =
        positives
            .computeIfAbsent(pair, k -> new HashMap<>())
            .computeIfAbsent(slot(local), k -> new TreeMap<>());
    if (days.merge(local.toLocalDate(), 1, Integer::sum) == 1) {
      days.headMap(local.toLocalDate().minusDays(MEMORY_DAYS)).clear();
    }
  }

  /** True when the pair is a known bottleneck at this minute's time of day. */
  public boolean recurrent(String pair, Instant minute) {
    Map<Integer, TreeMap<LocalDate, Integer>> slots = positives.get(pair);
    if (slots == null) {
      return false;
    }
    ZonedDateTime local = minute.atZone(CanThoTime.ZONE);
    LocalDate today = local.toLocalDate();
    Baselines.DayType type = Baselines.DayType.of(today);
    int slot = slot(local);
    int seen = 0;
    int hits = 0;
    for (int back = 1; back <= MEMORY_DAYS && seen < DAYS_LOOKED_AT; back++) {
      LocalDate day = today.minusDays(back);
      if (Baselines.DayType.of(day) != type) {
        continue;
      }
      seen++;
      for (int s = slot - SLOTS_AROUND; s <= slot + SLOTS_AROUND; s++) {
        TreeMap<LocalDate, Integer> days = slots.get(s);
        if (days != null && days.getOrDefault(day, 0) >= MINUTES_FOR_A_DAY) {
          hits++;
          break;
        }
      }
    }
    return hits >= DAYS_NEEDED;
  }

  private static int slot(ZonedDateTime local) {
    return (local.getHour() * 60 + local.getMinute()) / Baselines.SLOT_MINUTES;
  }
}
