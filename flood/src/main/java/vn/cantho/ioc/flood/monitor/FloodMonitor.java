package vn.cantho.ioc.flood.monitor;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.feature.ReadingsThread;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.store.Database;
import vn.cantho.ioc.flood.forecast.Forecast;
import vn.cantho.ioc.flood.station.FloodStation;
import vn.cantho.ioc.flood.watch.LevelEvent;
import vn.cantho.ioc.flood.watch.PreAlertPlanner;
import vn.cantho.ioc.flood.watch.RiseWatch;

/**
 * The flood feature in the node: committed readings of the stations' level metrics go from the
 * event bus, through a bounded queue, to one monitor thread that runs each station's {@link
 * StationMonitor} and records what it decides ({@link FloodRecorder}). The event loop only filters
 * and enqueues; a full queue drops the batch for monitoring (the readings are stored all the same)
 * and counts it. At start the stored month is replayed silently, so forecasts and alarm states are
 * where uninterrupted operation would have them.
 */
public final class FloodMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FloodMonitor.class);
  private static final int QUEUE = 4_096;
  private static final StationMonitor.Listener SILENT = new StationMonitor.Listener() {};

  private final Map<String, StationMonitor> monitors = new ConcurrentHashMap<>();
  private final StationMonitor.Listener recorder;
  private final ReadingsThread thread = new ReadingsThread("ioc-flood-monitor", QUEUE);
  private volatile StationMonitor.Listener tap = SILENT;

  private final Database database;
  private final java.time.Clock clock;

  /**
   * @param database where a station added later finds its stored readings ({@link #configure})
   * @param clock the node's: how far back "the forecast's window" reaches for such a station
   */
  public FloodMonitor(
      List<FloodStation> stations,
      Database database,
      java.time.Clock clock,
      FloodLog log,
      FloodAlerts alerts) {
    this.database = database;
    this.clock = clock;
    stations.forEach(s -> monitors.put(s.deviceId(), new StationMonitor(s)));
    this.recorder = new FloodRecorder(log, alerts);
    thread.decide(
        this::isLevel,
        readings -> {
          StationMonitor.Listener listener = live();
          readings.forEach(r -> decide(r, listener));
        });
  }

  /** Listens to committed readings on the node's event bus. */
  public void startOn(Vertx vertx) {
    thread.listen(vertx);
  }

  /** Hands readings to the monitor thread (never blocks the caller). */
  public void submit(List<Reading> readings) {
    thread.submit(readings);
  }

  private boolean isLevel(Reading r) {
    StationMonitor m = monitors.get(r.deviceId());
    return m != null && m.station().levelMetric().equals(r.metric());
  }

  private void decide(Reading r, StationMonitor.Listener listener) {
    StationMonitor m = monitors.get(r.deviceId());
    if (m != null && m.station().levelMetric().equals(r.metric())) {
      m.accept(r.ts(), r.value(), listener);
    }
  }

  /** The recorder, and the tap after it. */
  private StationMonitor.Listener live() {
    StationMonitor.Listener t = tap;
    return new StationMonitor.Listener() {
      @Override
      public void level(FloodStation s, LevelEvent e, int alarm) {
        recorder.level(s, e, alarm);
        t.level(s, e, alarm);
      }

      @Override
      public void forecast(FloodStation s, Forecast f) {
        recorder.forecast(s, f);
        t.forecast(s, f);
      }

      @Override
      public void preAlert(FloodStation s, PreAlertPlanner.Decision d) {
        recorder.preAlert(s, d);
        t.preAlert(s, d);
      }

      @Override
      public void rise(FloodStation s, RiseWatch.RiseEvent e) {
        recorder.rise(s, e);
        t.rise(s, e);
      }
    };
  }

  /**
   * Decides the stations' stored readings from {@code since} to {@code until} silently, before any
   * live reading: forecasts, skill and alarm states come back as they were. Blocks until done.
   */
  public void replayHistory(Instant since, Instant until) throws InterruptedException {
    replayHistory(since, until, SILENT);
  }

  /**
   * Decides the stored readings as {@link #replayHistory(Instant, Instant)}, telling {@code
   * listener} (not the recorder) what it decides: what a replayed period would have raised.
   */
  public void replayHistory(Instant since, Instant until, StationMonitor.Listener listener)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    List<StationMonitor> all = List.copyOf(monitors.values());
    thread.execute(
        () -> {
          try {
            long count = replayStored(all, since, until, listener);
            LOG.info("Flood monitor replayed {} stored levels from {}", count, since);
          } catch (SQLException | RuntimeException e) {
            LOG.error("Stored levels not replayed; monitoring goes on", e);
          } finally {
            done.countDown();
          }
        });
    done.await();
  }

  /**
   * Takes new settings of a station on the monitor thread. A new station first gets its stored
   * readings of the forecast's window replayed silently, in the same task, so the readings that
   * arrive after are newer: a station added to a running node forecasts from its history at once.
   */
  public void configure(FloodStation station) {
    StationMonitor fresh = new StationMonitor(station);
    // Known at once, so that readings committed from now on are queued for it, behind the task
    // that replays its history (a reading also in that history is then ignored as not newer).
    StationMonitor existing = monitors.putIfAbsent(station.deviceId(), fresh);
    if (existing != null) {
      thread.execute(() -> existing.configure(station));
      return;
    }
    thread.execute(
        () -> {
          Instant now = clock.instant();
          long count = 0;
          try {
            count =
                replayStored(
                    List.of(fresh),
                    now.minus(vn.cantho.ioc.flood.forecast.TideForecaster.WINDOW.plusDays(1)),
                    now,
                    SILENT);
          } catch (SQLException | RuntimeException e) {
            LOG.error(
                "History of new station {} not replayed; it starts afresh", station.deviceId(), e);
          }
          LOG.info("Flood station {} added with {} stored levels", station.deviceId(), count);
        });
  }

  /**
   * The stations' stored levels in [since, until), oldest first, decided by their monitors on this
   * thread; a cursor, not the month in memory. Returns how many.
   */
  private long replayStored(
      List<StationMonitor> stations, Instant since, Instant until, StationMonitor.Listener listener)
      throws SQLException {
    Map<String, StationMonitor> byDevice = new java.util.HashMap<>();
    stations.forEach(m -> byDevice.put(m.station().deviceId(), m));
    long count = 0;
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT r.device_id, r.ts, r.value FROM readings r"
                  + " JOIN unnest(?::text[], ?::text[]) AS s (device_id, metric)"
                  + " ON s.device_id = r.device_id AND s.metric = r.metric"
                  + " WHERE r.ts >= ? AND r.ts < ? ORDER BY r.ts")) {
        ps.setArray(
            1,
            c.createArrayOf("text", stations.stream().map(m -> m.station().deviceId()).toArray()));
        ps.setArray(
            2,
            c.createArrayOf(
                "text", stations.stream().map(m -> m.station().levelMetric()).toArray()));
        ps.setTimestamp(3, Timestamp.from(since));
        ps.setTimestamp(4, Timestamp.from(until));
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && !thread.closed()) {
            byDevice
                .get(rs.getString(1))
                .accept(rs.getTimestamp(2).toInstant(), rs.getDouble(3), listener);
            count++;
          }
        }
      } finally {
        c.rollback();
      }
    }
    return count;
  }

  /** The monitor of a station, to read its state (alarm, latest forecast) from other threads. */
  public StationMonitor monitor(String deviceId) {
    return monitors.get(deviceId);
  }

  /** Also tells {@code listener} what is decided live, on the monitor thread. */
  public void tap(StationMonitor.Listener listener) {
    tap = listener;
  }

  public long processed() {
    return thread.processed();
  }

  public long dropped() {
    return thread.dropped();
  }

  @Override
  public void close() {
    thread.close();
  }
}
