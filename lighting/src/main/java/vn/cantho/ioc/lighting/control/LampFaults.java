package vn.cantho.ioc.lighting.control;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.alert.Severity;
import vn.cantho.ioc.core.command.CommandService;
import vn.cantho.ioc.core.command.Twin;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.lighting.fault.FaultEvent;
import vn.cantho.ioc.lighting.fault.FaultKind;
import vn.cantho.ioc.lighting.fault.FaultParameters;
import vn.cantho.ioc.lighting.fault.LampContext;
import vn.cantho.ioc.lighting.fault.LampReading;
import vn.cantho.ioc.lighting.fault.LightFaultDetector;
import vn.cantho.ioc.lighting.inventory.Luminaire;
import vn.cantho.ioc.lighting.inventory.LuminaireStore;
import vn.cantho.ioc.lighting.schedule.LightLevel;

/**
 * Finds broken lights from what they report against what they were commanded, and raises (and
 * clears) them as the kernel's alerts for the maintenance crews. Runs on the readings' own
 * timestamps: the level a light was commanded at a reading's time is its twin's desired state in
 * effect then (or its schedule's, before any command), so a replay judges as live operation did.
 * One thread of its own with a bounded queue: readings arrive on an event loop.
 */
public final class LampFaults implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LampFaults.class);
  public static final String FEATURE = "lighting";

  private final DeviceRegistry devices;
  private final LuminaireStore luminaires;
  private final Schedules schedules;
  private final CommandService commands;
  private final AlertStore alerts;
  private final LightFaultDetector detector;
  private final Map<String, CommandedHistory> commanded = new ConcurrentHashMap<>();
  private final AtomicLong skipped = new AtomicLong();

  /** Each light's newest reading time: the fleet's data time is read off them (see tick). */
  private final Map<String, Instant> lastSeen = new ConcurrentHashMap<>();

  private final ExecutorService worker =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(10_000),
          r -> {
            Thread t = new Thread(r, "ioc-lighting-faults");
            t.setDaemon(true);
            return t;
          },
          (r, pool) -> skipped.incrementAndGet());

  public LampFaults(
      DeviceRegistry devices,
      LuminaireStore luminaires,
      Schedules schedules,
      CommandService commands,
      AlertStore alerts,
      FaultParameters parameters) {
    this.devices = devices;
    this.luminaires = luminaires;
    this.schedules = schedules;
    this.commands = commands;
    this.alerts = alerts;
    this.detector = new LightFaultDetector(parameters);
  }

  public static RuleKey rule(FaultKind kind) {
    return new RuleKey(FEATURE, kind.name().toLowerCase(Locale.ROOT));
  }

  /** Committed readings; queued for the fault thread (a full queue skips the batch, counted). */
  public void heard(List<Reading> readings) {
    List<Reading> lights = new ArrayList<>();
    for (Reading r : readings) {
      if (luminaires.find(r.deviceId()).isPresent()) {
        lights.add(r);
      }
    }
    if (!lights.isEmpty()) {
      worker.execute(() -> judge(lights));
    }
  }

  /** Batches skipped because the fault thread was too far behind. */
  public long skippedBatches() {
    return skipped.get();
  }

  /**
   * Comm loss: lights silent for three intervals before the fleet's data time. That time is the
   * 90th percentile of the lights' newest reading times, not the newest of all: one light with a
   * clock minutes fast (ingest accepts up to five) must not make every other light look silent.
   */
  public void tick() {
    worker.execute(
        () -> {
          Instant at = fleetTime();
          if (at != null) {
            apply(detector.tick(at));
          }
        });
  }

  /** How many lights have been heard (tests wait on it). */
  public int lastSeenCount() {
    return lastSeen.size();
  }

  private Instant fleetTime() {
    List<Instant> times = new ArrayList<>(lastSeen.values());
    if (times.isEmpty()) {
      return null;
    }
    times.sort(null);
    return times.get((int) Math.floor(0.9 * (times.size() - 1)));
  }

  /** Waits until everything queued before this call is judged (tests and benchmarks). */
  public void drain() throws InterruptedException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    worker.execute(done::countDown);
    done.await();
  }

  private void judge(List<Reading> readings) {
    // One sample per light and timestamp: state, dim and power of one message.
    Map<String, TreeMap<Instant, double[]>> samples = new TreeMap<>();
    for (Reading r : readings) {
      int slot =
          switch (r.metric()) {
            case "state" -> 0;
            case "dim" -> 1;
            case "power" -> 2;
            default -> -1;
          };
      if (slot < 0) {
        continue;
      }
      double[] s =
          samples
              .computeIfAbsent(r.deviceId(), k -> new TreeMap<>())
              .computeIfAbsent(r.ts(), k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
      s[slot] = r.value();
    }
    samples.forEach(
        (deviceId, byTime) -> {
          Optional<Device> device = devices.find(deviceId);
          Optional<Luminaire> luminaire = luminaires.find(deviceId);
          if (device.isEmpty() || luminaire.isEmpty()) {
            return;
          }
          if (commands.hasOpenCommand(deviceId)) {
            // Told something it has not yet confirmed: what it reports may still be the old
            // level (a lamp that answers late), so it is not judged until its command ends.
            byTime
                .keySet()
                .forEach(ts -> lastSeen.merge(deviceId, ts, (a, b) -> b.isAfter(a) ? b : a));
            return;
          }
          byTime.forEach(
              (ts, s) -> {
                if (Double.isNaN(s[0]) || Double.isNaN(s[2])) {
                  return; // a message without state and power says nothing about faults
                }
                double dim = Double.isNaN(s[1]) ? (s[0] > 0 ? 100 : 0) : s[1];
                Device d = device.get();
                LampContext context =
                    new LampContext(
                        commandedAt(d, ts),
                        schedules
                            .scheduleOf(d)
                            .isAstroDay(ts, d.lat(), d.lon(), LampContext.ASTRO_DAY_MARGIN));
                apply(
                    detector.onReading(
                        deviceId,
                        luminaire.get().ratedPowerW(),
                        new LampReading(ts, s[0] > 0.5, dim, s[2]),
                        context));
                lastSeen.merge(deviceId, ts, (a, b) -> b.isAfter(a) ? b : a);
              });
        });
  }

  /**
   * The level in effect at a reading's time: the twin's desired state once set, the one before it
   * for readings taken earlier, the schedule's before any command.
   */
  private LightLevel commandedAt(Device d, Instant ts) {
    Optional<Twin> twin = commands.twins().get(d.id());
    CommandedHistory history = commanded.computeIfAbsent(d.id(), k -> new CommandedHistory());
    twin.ifPresent(history::observe);
    return history.at(ts).orElseGet(() -> schedules.scheduleOf(d).levelAt(ts, d.lat(), d.lon()));
  }

  private void apply(List<FaultEvent> events) {
    for (FaultEvent e : events) {
      try {
        Optional<Device> d = devices.find(e.deviceId());
        if (d.isEmpty()) {
          continue;
        }
        if (e.raised()) {
          alerts.raise(
              rule(e.kind()), e.deviceId(), d.get().zoneId(), "power", Severity.WARNING, 0, e.at());
        } else {
          Optional<Alert> open = alerts.openFor(rule(e.kind()), e.deviceId());
          if (open.isPresent()) {
            alerts.clear(open.get().id(), 0, e.at());
          }
        }
      } catch (SQLException | RuntimeException ex) {
        LOG.warn("could not record the lighting fault {}", e, ex);
      }
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  /** The last two desired levels of a light and since when: enough to judge late readings. */
  private static final class CommandedHistory {
    private Instant setAt;
    private LightLevel level;
    private Instant previousSetAt;
    private LightLevel previous;

    synchronized void observe(Twin twin) {
      if (twin.setAt().equals(setAt)) {
        return;
      }
      previousSetAt = setAt;
      previous = level;
      setAt = twin.setAt();
      double state = twin.desired().getOrDefault("state", 0.0);
      double dim = twin.desired().getOrDefault("dim", state > 0 ? 100.0 : 0.0);
      level = state > 0.5 ? LightLevel.of((int) Math.round(dim)) : LightLevel.OFF;
    }

    synchronized Optional<LightLevel> at(Instant ts) {
      if (setAt != null && !ts.isBefore(setAt)) {
        return Optional.of(level);
      }
      if (previousSetAt != null && !ts.isBefore(previousSetAt)) {
        return Optional.of(previous);
      }
      return Optional.empty();
    }
  }
}
