package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.live.LatestValue;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Desired state per device beside what it reports, and the rule that brings a device back to its
 * desired state: a device whose last command for it timed out or failed (it was offline) gets it
 * again as soon as it is heard from; a device that acknowledged but later reports something else
 * (it rebooted to its defaults) gets it again after a report interval's grace. Either re-send
 * happens at most once per {@link #RESEND_GAP} per device, the gap doubling after each re-send that
 * went unanswered (up to {@link #MAX_RESEND_GAP}, so a lamp that never answers costs a command an
 * hour, not one a minute), and never while a command to it is open.
 */
public final class DeviceTwins {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceTwins.class);

  /** How long a device must wait between two re-sends of its desired state. */
  static final Duration RESEND_GAP = Duration.ofMinutes(1);

  /**
   * Re-sends in a row to a device that acknowledges yet keeps reporting another state (a stuck
   * relay, firmware that reports otherwise): after these the twin stops and leaves the difference
   * to be seen (the API's {@code differs}, the feature's faults), until the device agrees again.
   */
  static final int MAX_DRIFT_RESENDS = 3;

  /** The longest wait between two re-sends to a device that keeps not answering. */
  static final Duration MAX_RESEND_GAP = Duration.ofHours(1);

  /** How long a re-sent command waits for its answer. */
  static final Duration RESEND_TIMEOUT = Duration.ofSeconds(60);

  /** A reported value this close to the desired one agrees with it (a dim level's rounding). */
  private static final double TOLERANCE = 0.5;

  private final CommandService service;
  private final Clock clock;
  private final Map<String, Twin> desired = new ConcurrentHashMap<>();
  private final Map<String, CommandStatus> status = new ConcurrentHashMap<>();
  private final Map<String, Instant> answeredAt = new ConcurrentHashMap<>();
  private final Map<String, UUID> newestCommand = new ConcurrentHashMap<>();
  private final Map<String, Instant> resentAt = new ConcurrentHashMap<>();
  private final Map<String, Integer> unansweredResends = new ConcurrentHashMap<>();
  private final Map<String, Integer> driftResends = new ConcurrentHashMap<>();
  private final AtomicLong resends = new AtomicLong();
  private final AtomicLong skippedBatches = new AtomicLong();
  private final ExecutorService reconciler =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(1_000),
          r -> {
            Thread t = new Thread(r, "ioc-twin-reconciler");
            t.setDaemon(true);
            return t;
          },
          (r, pool) -> skippedBatches.incrementAndGet());

  DeviceTwins(CommandService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  /**
   * The twins of an earlier run, with their commands' statuses: a device whose command that run
   * left open (now timed out) gets its desired state again when heard from.
   */
  void load(Map<String, CommandStore.StoredTwin> twins) {
    twins.forEach(
        (id, stored) -> {
          desired.put(id, stored.twin());
          if (stored.status() != null) {
            status.put(id, stored.status());
          }
        });
  }

  Twin desiredBy(CommandRequest request, Device device, UUID commandId, Instant now) {
    Twin existing = desired.get(device.id());
    if (request.origin() == CommandOrigin.TWIN && existing != null) {
      return existing.resentAs(commandId);
    }
    return new Twin(
        device.id(),
        request.desired(),
        request.action(),
        request.params(),
        commandId,
        now,
        request.requestedBy());
  }

  void stored(List<Twin> twins) {
    for (Twin t : twins) {
      desired.put(t.deviceId(), t);
      status.put(t.deviceId(), CommandStatus.PENDING);
      answeredAt.remove(t.deviceId());
    }
  }

  void opened(String deviceId, UUID commandId) {
    newestCommand.put(deviceId, commandId);
  }

  Optional<UUID> openCommand(String deviceId) {
    return Optional.ofNullable(newestCommand.get(deviceId));
  }

  void changed(Command.Change change) {
    Twin t = desired.get(change.deviceId());
    if (t != null && t.commandId().equals(change.commandId())) {
      status.put(change.deviceId(), change.status());
      if (change.status() == CommandStatus.ACKNOWLEDGED) {
        answeredAt.put(change.deviceId(), change.at());
        unansweredResends.remove(change.deviceId());
      } else if (change.status().isFinal() && resentAt.containsKey(change.deviceId())) {
        unansweredResends.merge(change.deviceId(), 1, Integer::sum);
      }
    }
  }

  public Optional<Twin> get(String deviceId) {
    return Optional.ofNullable(desired.get(deviceId));
  }

  /** The status of the newest command that set or re-sent the device's desired state. */
  public Optional<CommandStatus> status(String deviceId) {
    return Optional.ofNullable(status.get(deviceId));
  }

  /** How often the twin re-sent a desired state since the node started. */
  public long resends() {
    return resends.get();
  }

  /** The desired metrics a device reports otherwise (or not at all), in the desired map's order. */
  public static List<String> differences(Twin twin, Map<String, LatestValue> reported) {
    return twin.desired().entrySet().stream()
        .filter(
            e -> {
              LatestValue v = reported.get(e.getKey());
              return v == null || Math.abs(v.value() - e.getValue()) > TOLERANCE;
            })
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** The twin as the API shows it: desired, reported, where they differ, the command behind it. */
  public static JsonObject toJson(
      Twin twin, Map<String, LatestValue> reported, CommandStatus commandStatus) {
    JsonObject desiredJson = new JsonObject();
    twin.desired().forEach(desiredJson::put);
    JsonObject reportedJson = new JsonObject();
    for (String metric : twin.desired().keySet()) {
      LatestValue v = reported.get(metric);
      if (v != null) {
        reportedJson.put(
            metric, new JsonObject().put("value", v.value()).put("ts", v.ts().toString()));
      }
    }
    return new JsonObject()
        .put("deviceId", twin.deviceId())
        .put("desired", desiredJson)
        .put("reported", reportedJson)
        .put("differs", differences(twin, reported))
        .put("setAt", twin.setAt().toString())
        .put("setBy", twin.setBy())
        .put(
            "command",
            new JsonObject()
                .put("id", twin.commandId().toString())
                .put("status", commandStatus == null ? null : commandStatus.code()));
  }

  /**
   * Committed readings: devices heard from. Called on an event loop, so it only queues the work;
   * when the queue is full the batch is skipped (the device's next reading tries again).
   */
  public void heard(List<Reading> readings, DeviceRegistry devices) {
    if (desired.isEmpty()) {
      return;
    }
    reconciler.execute(() -> reconcile(readings, devices));
  }

  private void reconcile(List<Reading> readings, DeviceRegistry devices) {
    Map<String, Map<String, Reading>> byDevice = new LinkedHashMap<>();
    for (Reading r : readings) {
      if (desired.containsKey(r.deviceId())) {
        byDevice.computeIfAbsent(r.deviceId(), k -> new LinkedHashMap<>()).put(r.metric(), r);
      }
    }
    byDevice.forEach(
        (deviceId, latest) -> {
          try {
            reconcileOne(deviceId, latest, devices);
          } catch (SQLException | RuntimeException e) {
            LOG.warn("could not re-send the desired state of {}", deviceId, e);
          }
        });
  }

  private void reconcileOne(String deviceId, Map<String, Reading> heard, DeviceRegistry devices)
      throws SQLException {
    Twin twin = desired.get(deviceId);
    CommandStatus last = status.get(deviceId);
    if (twin == null || last == null || service.hasOpenCommand(deviceId)) {
      return;
    }
    if (agrees(twin, heard)) {
      driftResends.remove(deviceId);
    }
    String reason = null;
    boolean drift = false;
    if (last == CommandStatus.TIMED_OUT || last == CommandStatus.FAILED) {
      reason = "heard again after its command " + last.code();
    } else if (last == CommandStatus.ACKNOWLEDGED
        && drifted(twin, heard, deviceId)
        && driftResends.getOrDefault(deviceId, 0) < MAX_DRIFT_RESENDS) {
      reason = "reports a state other than the desired one";
      drift = true;
    }
    if (reason == null) {
      return;
    }
    Instant now = clock.instant();
    Instant before = resentAt.get(deviceId);
    if (before != null && before.plus(gap(deviceId)).isAfter(now)) {
      return;
    }
    Optional<Device> device = devices.find(deviceId);
    if (device.isEmpty() || desired.get(deviceId) != twin || service.hasOpenCommand(deviceId)) {
      // A newer desired state came meanwhile (the schedule, an operator): it is on its way.
      return;
    }
    resentAt.put(deviceId, now);
    if (drift) {
      driftResends.merge(deviceId, 1, Integer::sum);
    }
    resends.incrementAndGet();
    LOG.info("re-sending the desired state of {}: {}", deviceId, reason);
    service.submit(
        new CommandRequest(
            "device:" + deviceId,
            List.of(device.get()),
            twin.action(),
            twin.params(),
            twin.desired(),
            "system:twin",
            CommandOrigin.TWIN,
            RESEND_TIMEOUT));
  }

  /** Whether every desired metric the readings carry is at its desired value. */
  private static boolean agrees(Twin twin, Map<String, Reading> heard) {
    boolean any = false;
    for (Map.Entry<String, Double> want : twin.desired().entrySet()) {
      Reading r = heard.get(want.getKey());
      if (r != null) {
        any = true;
        if (Math.abs(r.value() - want.getValue()) > TOLERANCE) {
          return false;
        }
      }
    }
    return any;
  }

  /** {@link #RESEND_GAP}, doubled for each re-send in a row the device left unanswered. */
  private Duration gap(String deviceId) {
    int unanswered = Math.min(unansweredResends.getOrDefault(deviceId, 0), 10);
    Duration gap = RESEND_GAP.multipliedBy(1L << unanswered);
    return gap.compareTo(MAX_RESEND_GAP) > 0 ? MAX_RESEND_GAP : gap;
  }

  /**
   * True when a reading taken a report interval after the acknowledgement shows another state:
   * readings taken just before or while the device switched do not count.
   */
  private boolean drifted(Twin twin, Map<String, Reading> heard, String deviceId) {
    Instant acked = answeredAt.get(deviceId);
    if (acked == null) {
      return false;
    }
    for (Map.Entry<String, Double> want : twin.desired().entrySet()) {
      Reading r = heard.get(want.getKey());
      if (r != null
          && r.ts().isAfter(acked.plus(RESEND_GAP))
          && Math.abs(r.value() - want.getValue()) > TOLERANCE) {
        return true;
      }
    }
    return false;
  }

  void close() {
    reconciler.shutdownNow();
  }
}
