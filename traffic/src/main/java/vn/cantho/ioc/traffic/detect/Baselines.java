package vn.cantho.ioc.traffic.detect;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.cantho.ioc.geo.CanThoTime;

/**
 * Learns each station's {@link Baseline} per day type and 15-minute slot of Can Tho's local day
 * from the minutes it is given (the caller gives only healthy minutes outside incidents, so an
 * incident is not learnt: docs/traffic-incident-detection.md §2.1). A slot's minutes of one day are
 * summarised when the slot ends (medians and median absolute deviations); the baseline is the
 * median over the last days of that type, and its spread combines the spread within a slot and
 * between days. Driven by the data's minutes; not thread-safe.
 */
public final class Baselines {
  static final int SLOT_MINUTES = 15;
  static final int SLOTS = 24 * 60 / SLOT_MINUTES;

  /** Days of a type a slot needs before it is believed. */
  static final int MIN_DAYS = 3;

  /** Minutes of a slot a day needs to count (of 15). */
  static final int MIN_MINUTES = 8;

  /** Working days and Saturdays differ in Vietnam (a half working day); Sundays are lightest. */
  public enum DayType {
    WEEKDAY(20),
    SATURDAY(4),
    SUNDAY(4);

    /** How many past days of the type are kept: about four weeks. */
    final int keep;

    DayType(int keep) {
      this.keep = keep;
    }

    public static DayType of(LocalDate day) {
      DayOfWeek d = day.getDayOfWeek();
      return d == DayOfWeek.SATURDAY ? SATURDAY : d == DayOfWeek.SUNDAY ? SUNDAY : WEEKDAY;
    }
  }

  /** One day's slot: medians of speed, occupancy and flow, MADs of speed and occupancy. */
  private record DaySlot(double speed, double speedMad, double occ, double occMad, double flow) {}

  /** What a station learns, and the slot it is filling now. */
  private static final class Station {
    final Map<Integer, Deque<DaySlot>> days = new HashMap<>(); // key: dayType * SLOTS + slot
    final Map<Integer, Baseline> cache = new HashMap<>();
    int filling = -1;
    long fillingDay = Long.MIN_VALUE;
    final List<StationMinute> minutes = new ArrayList<>(SLOT_MINUTES);
  }

  private final Map<String, Station> stations = new HashMap<>();

  /** Learns one healthy, incident-free minute of a station; minutes come in time order. */
  public void learn(String stationId, StationMinute m) {
    Station s = stations.computeIfAbsent(stationId, k -> new Station());
    ZonedDateTime local = m.at().atZone(CanThoTime.ZONE);
    long day = local.toLocalDate().toEpochDay();
    int key = key(local.toLocalDate(), slotOf(local));
    if (key != s.filling || day != s.fillingDay) {
      finish(s);
      s.filling = key;
      s.fillingDay = day;
    }
    s.minutes.add(m);
  }

  /**
   * The station's baseline at this minute, or null while its slot is immature: the most lenient of
   * its slot's and the two neighbouring slots' (the lowest usual speed, the highest usual
   * occupancy, flow and spreads). A queue that builds or clears a quarter of an hour off its usual
   * time is then not anomalous, while an incident, which is unusual for every slot around, still
   * is.
   */
  public Baseline at(String stationId, Instant minute) {
    Station s = stations.get(stationId);
    if (s == null) {
      return null;
    }
    ZonedDateTime local = minute.atZone(CanThoTime.ZONE);
    int slot = slotOf(local);
    Baseline envelope = slotBaseline(s, local.toLocalDate(), slot);
    if (envelope == null) {
      return null;
    }
    for (int neighbour = slot - 1; neighbour <= slot + 1; neighbour += 2) {
      if (neighbour < 0 || neighbour >= SLOTS) {
        continue; // the neighbour is another day, maybe of another type
      }
      Baseline other = slotBaseline(s, local.toLocalDate(), neighbour);
      if (other != null) {
        envelope =
            new Baseline(
                Math.min(envelope.speed(), other.speed()),
                Math.max(envelope.speedSpread(), other.speedSpread()),
                Math.max(envelope.occupancy(), other.occupancy()),
                Math.max(envelope.occupancySpread(), other.occupancySpread()),
                Math.max(envelope.flow(), other.flow()));
      }
    }
    return envelope;
  }

  private Baseline slotBaseline(Station s, LocalDate day, int slot) {
    return s.cache.computeIfAbsent(key(day, slot), k -> compute(s.days.get(k)));
  }

  private static int slotOf(ZonedDateTime local) {
    return (local.getHour() * 60 + local.getMinute()) / SLOT_MINUTES;
  }

  private static int key(LocalDate day, int slot) {
    return DayType.of(day).ordinal() * SLOTS + slot;
  }

  private static void finish(Station s) {
    if (s.filling >= 0 && s.minutes.size() >= MIN_MINUTES) {
      double[] speed = s.minutes.stream().mapToDouble(StationMinute::speed).toArray();
      double[] occ = s.minutes.stream().mapToDouble(StationMinute::occupancy).toArray();
      double[] flow = s.minutes.stream().mapToDouble(StationMinute::flow).toArray();
      Deque<DaySlot> kept = s.days.computeIfAbsent(s.filling, k -> new ArrayDeque<>());
      kept.addLast(new DaySlot(median(speed), mad(speed), median(occ), mad(occ), median(flow)));
      if (kept.size() > DayType.values()[s.filling / SLOTS].keep) {
        kept.removeFirst();
      }
      s.cache.remove(s.filling);
    }
    s.minutes.clear();
  }

  private static Baseline compute(Deque<DaySlot> days) {
    if (days == null || days.size() < MIN_DAYS) {
      return null;
    }
    double[] speed = days.stream().mapToDouble(DaySlot::speed).toArray();
    double[] occ = days.stream().mapToDouble(DaySlot::occ).toArray();
    double withinSpeed = median(days.stream().mapToDouble(DaySlot::speedMad).toArray());
    double withinOcc = median(days.stream().mapToDouble(DaySlot::occMad).toArray());
    // 1.4826 × MAD estimates a standard deviation; the two sources of spread add in quadrature.
    double speedSpread = 1.4826 * Math.hypot(withinSpeed, mad(speed));
    double occSpread = 1.4826 * Math.hypot(withinOcc, mad(occ));
    return new Baseline(
        median(speed),
        speedSpread,
        median(occ),
        occSpread,
        median(days.stream().mapToDouble(DaySlot::flow).toArray()));
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static double mad(double[] values) {
    double m = median(values);
    return median(Arrays.stream(values).map(x -> Math.abs(x - m)).toArray());
  }
}
