package vn.cantho.ioc.traffic.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Groups the detectors' committed readings into one {@link StationMinute} per station and minute of
 * the data's own time, and hands out each minute once the data has moved {@code lateness} past it
 * (a watermark on data time, not on the wall clock). That is what makes a replay in accelerated
 * time decide exactly as live operation did: the order and speed of arrival do not matter as long
 * as a reading is no later than the lateness behind the newest one.
 *
 * <p>A station's minute needs flow, speed and occupancy from every device of the station; a station
 * with a lane detector missing is silent for that minute (its health says so) rather than showing a
 * halved flow that would look like starvation. Readings of minutes already handed out are counted
 * as late and left out. Not thread-safe: one detection thread feeds it.
 */
public final class MinuteAssembler {
  static final String FLOW = "flow";
  static final String SPEED = "speed";
  static final String OCCUPANCY = "occupancy";

  /** One minute of the whole network: the stations that reported it completely. */
  public record ClosedMinute(Instant minute, Map<String, StationMinute> stations) {
    public ClosedMinute {
      stations = Map.copyOf(stations);
    }
  }

  private final Map<String, String> stationOfDevice;
  private final Map<String, Integer> devicesOfStation = new HashMap<>();
  private final Duration lateness;
  private final TreeMap<Instant, Map<String, Map<String, double[]>>> open = new TreeMap<>();
  private Instant newest;

  /** Each station's newest minute, and how many stations stand at each. */
  private final Map<String, Instant> newestOfStation = new HashMap<>();

  private final TreeMap<Instant, Integer> stationsAt = new TreeMap<>();

  /** How many stations must reach a minute before it counts as the data's newest. */
  private final int quorum;

  private Instant lastClosed;
  private long late;

  /**
   * @param stationOfDevice device id → station id, for the devices tied to stations
   * @param lateness how far behind the newest minute a reading may still arrive
   */
  public MinuteAssembler(Map<String, String> stationOfDevice, Duration lateness) {
    this.stationOfDevice = Map.copyOf(stationOfDevice);
    this.lateness = Objects.requireNonNull(lateness);
    stationOfDevice.values().forEach(s -> devicesOfStation.merge(s, 1, Integer::sum));
    this.quorum = Math.max(1, devicesOfStation.size() / 10);
  }

  /** Takes one reading; returns the minutes it closed, oldest first (usually none). */
  public List<ClosedMinute> accept(Reading r) {
    String station = stationOfDevice.get(r.deviceId());
    int slot = slotOf(r.metric());
    if (station == null || slot < 0) {
      return List.of();
    }
    Instant minute = r.ts().truncatedTo(ChronoUnit.MINUTES);
    if (lastClosed != null && !minute.isAfter(lastClosed)) {
      late++;
      return List.of();
    }
    double[] values =
        open.computeIfAbsent(minute, m -> new HashMap<>())
            .computeIfAbsent(station, s -> new HashMap<>())
            .computeIfAbsent(r.deviceId(), d -> new double[] {Double.NaN, Double.NaN, Double.NaN});
    values[slot] = r.value();
    Instant before = newestOfStation.get(station);
    if (before == null || minute.isAfter(before)) {
      newestOfStation.put(station, minute);
      if (before != null) {
        stationsAt.computeIfPresent(before, (k, n) -> n == 1 ? null : n - 1);
      }
      stationsAt.merge(minute, 1, Integer::sum);
      newest = robustNewest();
    }
    return newest == null ? List.of() : closeUpTo(newest.minus(lateness));
  }

  /**
   * The newest minute that at least {@link #quorum} stations have reached: one detector whose clock
   * runs minutes ahead (ingest accepts up to 5) cannot close the others' minutes before they report
   * them, while silent stations do not hold the watermark back.
   */
  private Instant robustNewest() {
    int seen = 0;
    for (Map.Entry<Instant, Integer> e : stationsAt.descendingMap().entrySet()) {
      seen += e.getValue();
      if (seen >= quorum) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Hands out every minute still open: the end of a recording. */
  public List<ClosedMinute> flush() {
    return open.isEmpty() ? List.of() : closeUpTo(open.lastKey());
  }

  /** Readings that came after their minute was handed out. */
  public long late() {
    return late;
  }

  private List<ClosedMinute> closeUpTo(Instant watermark) {
    List<ClosedMinute> closed = new ArrayList<>();
    while (!open.isEmpty() && !open.firstKey().isAfter(watermark)) {
      Map.Entry<Instant, Map<String, Map<String, double[]>>> e = open.pollFirstEntry();
      Map<String, StationMinute> stations = new HashMap<>();
      e.getValue().forEach((station, devices) -> complete(e.getKey(), station, devices, stations));
      closed.add(new ClosedMinute(e.getKey(), stations));
      lastClosed = e.getKey();
    }
    return closed;
  }

  /**
   * Flow is the sum over the lanes' devices, speed their flow-weighted mean (the space over which
   * vehicles were counted), occupancy their mean.
   */
  private void complete(
      Instant minute,
      String station,
      Map<String, double[]> devices,
      Map<String, StationMinute> out) {
    if (devices.size() < devicesOfStation.get(station)) {
      return;
    }
    double flow = 0;
    double weightedSpeed = 0;
    double occupancy = 0;
    double plainSpeed = 0;
    for (double[] v : devices.values()) {
      if (Double.isNaN(v[0]) || Double.isNaN(v[1]) || Double.isNaN(v[2])) {
        return;
      }
      flow += v[0];
      weightedSpeed += v[0] * v[1];
      plainSpeed += v[1];
      occupancy += v[2];
    }
    int n = devices.size();
    double speed = flow > 0 ? weightedSpeed / flow : plainSpeed / n;
    out.put(station, new StationMinute(minute, flow, speed, occupancy / n));
  }

  private static int slotOf(String metric) {
    return switch (metric) {
      case FLOW -> 0;
      case SPEED -> 1;
      case OCCUPANCY -> 2;
      default -> -1;
    };
  }
}
