package vn.cantho.ioc.traffic.detect;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;
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
  private final AlertStore alerts;
  private final ZoneIndex zones;
  private final ThreadPoolExecutor thread;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private MessageConsumer<CommittedReadings> consumer;
  private volatile NetworkDetector.Listener tap = new NetworkDetector.Listener() {};

  public TrafficDetection(
      RoadNetwork network,
      Map<String, MethodSettings> settings,
      IncidentStore incidents,
      AlertStore alerts,
      ZoneIndex zones) {
    Map<String, String> stationOfDevice = new HashMap<>();
    network.stations().forEach(s -> s.devices().forEach(d -> stationOfDevice.put(d, s.id())));
    this.assembler = new MinuteAssembler(stationOfDevice, LATENESS);
    this.detector = new NetworkDetector(network, settings, this, new Baselines());
    this.incidents = incidents;
    this.alerts = alerts;
    this.zones = zones;
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "ioc-traffic-detection");
              t.setDaemon(true);
              return t;
            },
            (r, executor) -> dropped.incrementAndGet());
  }

  /** Listens to committed readings on the node's event bus. */
  public void startOn(Vertx vertx) {
    consumer =
        vertx
            .eventBus()
            .<CommittedReadings>consumer(
                CommittedReadings.ADDRESS, m -> submit(m.body().readings()));
  }

  /** Hands readings to the detection thread (never blocks the caller). */
  public void submit(List<Reading> readings) {
    thread.execute(
        () -> {
          for (Reading r : readings) {
            for (MinuteAssembler.ClosedMinute m : assembler.accept(r)) {
              detector.onMinute(m.minute(), m.stations());
            }
          }
          processed.addAndGet(readings.size());
        });
  }

  /** Also tells {@code listener} what detection decides, on the detection thread. */
  public void tap(NetworkDetector.Listener listener) {
    tap = listener;
  }

  @Override
  public void decided(DetectionMethod method, StationPair pair, Instant at, boolean alarm) {
    tap.decided(method, pair, at, alarm);
  }

  /** Readings the detection thread has been through. */
  public long processed() {
    return processed.get();
  }

  /** Readings that came after their minute was decided (later than the lateness allows). */
  public long late() {
    return assembler.late();
  }

  /** Batches left out because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void alarm(Alarm a) {
    tap.alarm(a);
    StationPair p = a.pair();
    Station up = p.upstream();
    Station down = p.downstream();
    double lon = (up.lon() + down.lon()) / 2;
    double lat = (up.lat() + down.lat()) / 2;
    try {
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
    } catch (SQLException e) {
      LOG.error("Incident of {} on {} not stored", a.method().code(), up.id(), e);
    }
  }

  @Override
  public void health(Station station, DetectorHealth.Status status, Instant at) {
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
    if (consumer != null) {
      try {
        consumer.unregister();
      } catch (RejectedExecutionException e) {
        // Vert.x stopped first (the node's stop order): its consumers went with it.
      }
    }
    thread.shutdown();
  }
}
