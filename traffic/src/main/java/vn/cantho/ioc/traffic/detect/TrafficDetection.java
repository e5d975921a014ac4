package vn.cantho.ioc.traffic.detect;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.feature.ReadingsThread;
import vn.cantho.ioc.core.reading.Quality;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.traffic.health.DetectorHealth;
import vn.cantho.ioc.traffic.incident.IncidentKind;
import vn.cantho.ioc.traffic.incident.IncidentLocation;
import vn.cantho.ioc.traffic.incident.IncidentSeverity;
import vn.cantho.ioc.traffic.incident.IncidentSource;
import vn.cantho.ioc.traffic.incident.IncidentStore;
import vn.cantho.ioc.traffic.incident.Report;
import vn.cantho.ioc.traffic.network.RoadNetwork;
import vn.cantho.ioc.traffic.network.Station;
import vn.cantho.ioc.traffic.network.StationPair;

/**
 * Detection in the node: committed readings from the event bus go, through a bounded queue, to one
 * detection thread that assembles station minutes on data time ({@link MinuteAssembler}), decides
 * them ({@link NetworkDetector}), turns alarms into incident reports and faulty detectors into
 * maintenance alerts. The event loop only enqueues; a full queue drops the batch for detection (the
 * readings are stored all the same) and counts it.
 */
public final class TrafficDetection implements AutoCloseable, NetworkDetector.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(TrafficDetection.class);

  /** The maintenance alert of a detector station that cannot be believed. */
  public static final RuleKey DETECTOR_FAULT = new RuleKey("traffic", "detector_fault");

  static final Duration LATENESS = Duration.ofMinutes(2);
  private static final int QUEUE = 4_096;

  private final MinuteAssembler assembler;
  private final NetworkDetector detector;
  private final IncidentStore incidents;

  /** Hears of each stored report of detection (the live map, for one). */
  private final Consumer<IncidentStore.Reported> reported;

  private final AlertStore alerts;
  private final ZoneIndex zones;

  /** A closed detection decides nothing more, replay and queue alike. */
  private final ReadingsThread thread = new ReadingsThread("ioc-traffic-detection", QUEUE);

  private volatile NetworkDetector.Listener tap = new NetworkDetector.Listener() {};
  private final Set<String> deviceIds;

  /** True while stored history is decided: the detection thread's own flag. */
  private boolean replaying;

  public TrafficDetection(
      RoadNetwork network,
      Map<String, MethodSettings> settings,
      IncidentStore incidents,
      AlertStore alerts,
      ZoneIndex zones,
      Consumer<IncidentStore.Reported> reported) {
    Map<String, String> stationOfDevice = new HashMap<>();
    network.stations().forEach(s -> s.devices().forEach(d -> stationOfDevice.put(d, s.id())));
    this.assembler = new MinuteAssembler(stationOfDevice, LATENESS);
    this.deviceIds = Set.copyOf(stationOfDevice.keySet());
    this.detector = new NetworkDetector(network, settings, this, new Baselines());
    this.incidents = incidents;
    this.reported = reported;
    this.alerts = alerts;
    this.zones = zones;
    // Only the network's detectors: other domains' batches would crowd out the minutes
    // detection needs while it replays history.
    thread.decide(r -> deviceIds.contains(r.deviceId()), mine -> mine.forEach(this::decide));
  }

  /**
   * Decides the stored readings of the network's detectors from {@code since} to {@code until}
   * silently (no incident, alert or tap hears of them) on the detection thread, before any live
   * reading, so that the baselines, the recurrent register and each pair's state are where
   * uninterrupted operation would have them: a restart does not blind bpd for the days its
   * baselines need. Read a day at a time in time order; a failure is logged and detection goes on
   * with what it learnt.
   */
  public void replayHistory(Database database, Instant since, Instant until) {
    List<String> devices = List.copyOf(deviceIds);
    thread.execute(
        () -> {
          replaying = true;
          long t0 = System.nanoTime();
          long count = 0;
          try {
            for (Instant from = since;
                from.isBefore(until) && !thread.closed();
                from = from.plus(Duration.ofDays(1))) {
              Instant to =
                  from.plus(Duration.ofDays(1)).isBefore(until)
                      ? from.plus(Duration.ofDays(1))
                      : until;
              count += replayDay(database, devices, from, to);
            }
            LOG.info(
                "Traffic detection replayed {} stored readings from {} in {} ms",
                count,
                since,
                (System.nanoTime() - t0) / 1_000_000);
          } catch (SQLException | RuntimeException e) {
            LOG.error("Stored readings not replayed after {} of them; detection goes on", count, e);
          } finally {
            replaying = false;
          }
        });
  }

  private long replayDay(Database database, List<String> devices, Instant from, Instant to)
      throws SQLException {
    long count = 0;
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false); // a cursor, not the whole day in memory
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT device_id, metric, ts, value FROM readings WHERE device_id = ANY (?)"
                  + " AND metric IN ('flow', 'speed', 'occupancy') AND ts >= ? AND ts < ?"
                  + " ORDER BY ts")) {
        ps.setArray(1, c.createArrayOf("text", devices.toArray()));
        ps.setTimestamp(2, Timestamp.from(from));
        ps.setTimestamp(3, Timestamp.from(to));
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && !thread.closed()) {
            decide(
                new Reading(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getDouble(4),
                    Quality.GOOD,
                    "history"));
            count++;
          }
        }
      } finally {
        c.rollback();
      }
    }
    return count;
  }

  private void decide(Reading r) {
    for (MinuteAssembler.ClosedMinute m : assembler.accept(r)) {
      detector.onMinute(m.minute(), m.stations());
    }
  }

  /** Listens to committed readings on the node's event bus. */
  public void startOn(Vertx vertx) {
    thread.listen(vertx);
  }

  /** Hands readings to the detection thread (never blocks the caller). */
  public void submit(List<Reading> readings) {
    thread.submit(readings);
  }

  /** Also tells {@code listener} what detection decides, on the detection thread. */
  public void tap(NetworkDetector.Listener listener) {
    tap = listener;
  }

  @Override
  public void decided(DetectionMethod method, StationPair pair, Instant at, boolean alarm) {
    if (!replaying) {
      tap.decided(method, pair, at, alarm);
    }
  }

  /** Readings the detection thread has been through. */
  public long processed() {
    return thread.processed();
  }

  /** Readings that came after their minute was decided (later than the lateness allows). */
  public long late() {
    return assembler.late();
  }

  /** Batches left out because the queue was full. */
  public long dropped() {
    return thread.dropped();
  }

  @Override
  public void alarm(Alarm a) {
    if (replaying || thread.closed()) {
      return; // reported when it happened
    }
    tap.alarm(a);
    StationPair p = a.pair();
    Station up = p.upstream();
    Station down = p.downstream();
    double lon = (up.lon() + down.lon()) / 2;
    double lat = (up.lat() + down.lat()) / 2;
    try {
      IncidentStore.Reported stored =
          incidents.report(
              new Report(
                  IncidentKind.CONGESTION,
                  IncidentSeverity.MEDIUM,
                  IncidentSource.DETECTION,
                  a.method().code(),
                  new IncidentLocation(
                      lon,
                      lat,
                      up.corridor(),
                      up.direction(),
                      (up.chainageM() + down.chainageM()) / 2,
                      up.id()),
                  zones.locate(lon, lat).map(z -> z.id()).orElse(null),
                  "Phát hiện tự động giữa trạm " + up.id() + " và " + down.id(),
                  a.since(),
                  "system:" + a.method().code(),
                  null));
      reported.accept(stored);
    } catch (SQLException e) {
      LOG.error("Incident of {} on {} not stored", a.method().code(), up.id(), e);
    }
  }

  @Override
  public void health(Station station, DetectorHealth.Status status, Instant at) {
    if (replaying || thread.closed()) {
      return;
    }
    tap.health(station, status, at);
    if (status == DetectorHealth.Status.SILENT) {
      return; // a short silence is no decision only; the kernel's device silence covers outages
    }
    for (String device : station.devices()) {
      try {
        String zone = zones.locate(station.lon(), station.lat()).map(z -> z.id()).orElse(null);
        if (status == DetectorHealth.Status.HEALTHY) {
          alerts.openFor(DETECTOR_FAULT, device).ifPresent(a -> clear(a.id(), at));
        } else {
          alerts.raise(DETECTOR_FAULT, device, zone, "occupancy", Severity.WARNING, 0, at);
        }
      } catch (SQLException e) {
        LOG.error("Maintenance alert of {} not stored", device, e);
      }
    }
  }

  private void clear(long id, Instant at) {
    try {
      alerts.clear(id, 0, at);
    } catch (SQLException e) {
      LOG.error("Maintenance alert {} not cleared", id, e);
    }
  }

  @Override
  public void close() {
    thread.close();
  }
}
