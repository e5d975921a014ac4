package vn.cantho.ioc.water.rules;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.alert.Alert;
import vn.cantho.ioc.core.alert.AlertEvent;
import vn.cantho.ioc.core.alert.AlertStore;
import vn.cantho.ioc.core.alert.RuleKey;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.water.WaterFeature;
import vn.cantho.ioc.water.farm.FarmStore;

/**
 * Runs the water rules on every committed reading (through the kernel's alert lifecycle, keyed by
 * {@code water} and the rule's id): one {@link ConditionTracker} per rule and device, fed on the
 * event loop (pure computation), its transitions written by {@link AlertStore} on an ordered worker
 * (so an alert's transitions are applied in the order they happened) and then published as {@link
 * AlertEvent}s. Open alerts are loaded at start, so a restart does not raise them twice.
 */
public final class AlertEngine {
  /** Publish a device id here after changing its rules; the engine reloads that device. */
  public static final String RULES_CHANGED = "ioc.rules.changed";

  /**
   * Publish an epoch-millisecond instant here to check for silent probes as of then; the engine
   * does so itself every minute by its clock. Benchmarks in simulated time send their own.
   */
  public static final String CHECK_SILENCE = "ioc.alerts.check-silence";

  /** The rule metrics about the probe itself: silence and faults. */
  public static final java.util.Set<String> PROBE_METRICS = ProbeHealth.METRICS;

  private static final long SILENCE_CHECK_MS = 60_000;

  /** The feature whose alerts these are (the kernel's alerts are keyed by feature and rule). */
  static final String FEATURE = "water";

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final DeviceRegistry registry;
  private final RuleStore rules;
  private final AlertStore alerts;
  private final FarmStore farms;
  private final java.time.Clock clock;
  // One entry per watched probe holding all the engine knows of it: a reading costs one lookup
  // (one per message, whose readings come together), not one per map (docs/BENCHMARKS.md).
  private final Map<String, WatchedProbe> probes = new HashMap<>();
  private Vertx vertx;
  private WorkerExecutor writer;

  /** A rule watching one device. */
  private record Watch(ThresholdRule rule, ConditionTracker tracker) {}

  /**
   * A probe's rules grouped by the metric they watch, when it was last heard, and its health.
   * Mutable; touched on the engine's context only.
   */
  private static final class WatchedProbe {
    private Map<String, List<Watch>> byMetric = Map.of();
    private java.time.Instant lastSeen;
    private final ProbeHealth health = new ProbeHealth();

    void watch(List<Watch> watches) {
      Map<String, List<Watch>> grouped = new HashMap<>();
      for (Watch w : watches) {
        grouped.computeIfAbsent(w.rule().metric(), m -> new ArrayList<>()).add(w);
      }
      byMetric = grouped;
    }

    List<Watch> watching(String metric) {
      return byMetric.getOrDefault(metric, List.of());
    }

    void heard(java.time.Instant ts) {
      if (lastSeen == null || ts.isAfter(lastSeen)) {
        lastSeen = ts;
      }
    }
  }

  public AlertEngine(
      DeviceRegistry registry,
      RuleStore rules,
      AlertStore alerts,
      FarmStore farms,
      java.time.Clock clock) {
    this.registry = registry;
    this.rules = rules;
    this.alerts = alerts;
    this.farms = farms;
    this.clock = clock;
  }

  /** Starts on a context of its own; the future completes once it listens. */
  public Future<Void> startOn(Vertx vertx) {
    io.vertx.core.Promise<Void> started = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> start(vertx).onComplete(started));
    return started.future();
  }

  /** Loads rules and open alerts off the event loop, then listens. Call on the owning context. */
  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    this.writer = vertx.createSharedWorkerExecutor("ioc-alerts", 1);
    return vertx
        .executeBlocking(this::load, false)
        .onSuccess(
            loaded -> {
              // Every probe counts as heard at start: one that never speaks again is silent
              // from now, not from whenever it last spoke before the restart.
              java.time.Instant now = clock.instant();
              loaded.forEach(
                  (id, watches) -> {
                    WatchedProbe probe = new WatchedProbe();
                    probe.watch(watches);
                    probe.heard(now);
                    probes.put(id, probe);
                  });
              vertx
                  .eventBus()
                  .<Long>consumer(
                      CHECK_SILENCE, m -> checkSilence(java.time.Instant.ofEpochMilli(m.body())));
              vertx.setPeriodic(SILENCE_CHECK_MS, id -> checkSilence(clock.instant()));
              vertx
                  .eventBus()
                  .<CommittedReadings>consumer(
                      CommittedReadings.ADDRESS, m -> onCommitted(m.body()));
              vertx.eventBus().<String>consumer(RULES_CHANGED, m -> reload(m.body()));
              LOG.info("Water rules watch {} devices", loaded.size());
            })
        .mapEmpty();
  }

  /** Re-reads one device's rules (after an override), keeping its open alerts' severities. */
  private void reload(String deviceId) {
    registry
        .find(deviceId)
        .ifPresent(
            device ->
                vertx
                    .executeBlocking(() -> load(List.of(device)), false)
                    .onFailure(e -> LOG.error("Rules of {} not reloaded", deviceId, e))
                    .onSuccess(
                        loaded -> {
                          // Kept when its rules go: still heard, so a rule that returns does not
                          // find it silent since whenever its rules went.
                          WatchedProbe probe =
                              probes.computeIfAbsent(deviceId, id -> new WatchedProbe());
                          probe.watch(loaded.getOrDefault(deviceId, List.of()));
                        }));
  }

  private Map<String, List<Watch>> load() throws SQLException {
    return load(registry.all());
  }

  private Map<String, List<Watch>> load(java.util.Collection<Device> devices) throws SQLException {
    Map<String, Map<String, Alert>> open = new HashMap<>();
    for (Alert a : alerts.open(FEATURE)) {
      open.computeIfAbsent(a.rule().key(), k -> new HashMap<>()).put(a.deviceId(), a);
    }
    Map<String, List<Watch>> loaded = new HashMap<>();
    Map<String, String> pondProfiles = farms.profilesByProbe();
    for (Device d : devices) {
      // A probe in a pond is watched by its pond's species; one without, by its device type.
      Optional<String> profile =
          !d.domain().equals(WaterFeature.DOMAIN)
              ? Optional.empty()
              : Optional.ofNullable(pondProfiles.get(d.id()))
                  .or(() -> SpeciesProfiles.forDeviceType(d.type()));
      if (profile.isEmpty()) {
        continue;
      }
      List<Watch> watches = new ArrayList<>();
      for (ThresholdRule rule : rules.effective(profile.get(), d.id())) {
        Alert already = open.getOrDefault(String.valueOf(rule.id()), Map.of()).get(d.id());
        ConditionTracker tracker =
            already == null
                ? new ConditionTracker(rule)
                : new ConditionTracker(rule, already.severity());
        watches.add(new Watch(rule, tracker));
      }
      loaded.put(d.id(), watches);
    }
    return loaded;
  }

  private void onCommitted(CommittedReadings batch) {
    Reading previous = null;
    String lookedUp = null;
    WatchedProbe probe = null;
    for (Reading r : batch.readings()) {
      if (!r.deviceId().equals(lookedUp)) {
        lookedUp = r.deviceId();
        probe = probes.get(lookedUp);
      }
      if (probe == null) {
        continue; // no species profile: not a pond's probe (a probe without rules is still heard)
      }
      // A message's metrics share device and instant: hearing the probe is one sample of it.
      if (!r.sameSampleAs(previous)) {
        probe.heard(r.ts());
        feed(r.deviceId(), probe, ProbeHealth.OFFLINE, r.ts(), 0);
      }
      previous = r;
      boolean faulty = probe.health.faulty(r.metric(), r.value());
      feed(r.deviceId(), probe, ProbeHealth.FAULT, r.ts(), probe.health.worstRun());
      if (faulty) {
        continue; // a probe fault is not the pond's condition
      }
      feed(r.deviceId(), probe, r.metric(), r.ts(), r.value());
    }
  }

  /** Minutes each watched probe has been silent, as of {@code now}, to the silence rules. */
  void checkSilence(java.time.Instant now) {
    for (Map.Entry<String, WatchedProbe> e : probes.entrySet()) {
      java.time.Instant last = e.getValue().lastSeen;
      if (last != null && now.isAfter(last)) {
        double minutes = java.time.Duration.between(last, now).toSeconds() / 60.0;
        for (Watch w : e.getValue().watching(ProbeHealth.OFFLINE)) {
          // Only a reading ends a silence: a check by an earlier clock must not look like one.
          if (w.rule().levelOf(minutes) != null) {
            w.tracker().onSample(now, minutes).ifPresent(t -> apply(w.rule(), e.getKey(), t));
          }
        }
      }
    }
  }

  private void feed(
      String deviceId, WatchedProbe probe, String metric, java.time.Instant ts, double value) {
    for (Watch w : probe.watching(metric)) {
      w.tracker().onSample(ts, value).ifPresent(t -> apply(w.rule(), deviceId, t));
    }
  }

  /** A water rule as the kernel's alerts know it: its rule row's id. */
  public static RuleKey key(ThresholdRule rule) {
    return new RuleKey(FEATURE, String.valueOf(rule.id()));
  }

  /** Writes one transition; ordered, so a raise is stored before its escalation or clearing. */
  private void apply(ThresholdRule rule, String deviceId, ConditionTracker.Transition t) {
    String zone = registry.find(deviceId).map(Device::zoneId).orElse(null);
    // The kernel's alert store tells the node of each committed transition (live map, messages).
    writer
        .<Optional<Alert>>executeBlocking(
            () -> {
              if (t.kind() == ConditionTracker.Transition.Kind.RAISED) {
                return Optional.of(
                    alerts.raise(
                        key(rule), deviceId, zone, rule.metric(), t.severity(), t.value(), t.at()));
              }
              Optional<Alert> open = alerts.openFor(key(rule), deviceId);
              if (open.isEmpty()) {
                return Optional.empty(); // closed by hand meanwhile
              }
              return t.kind() == ConditionTracker.Transition.Kind.ESCALATED
                  ? alerts.escalate(open.get().id(), t.severity(), t.value(), t.at())
                  : alerts.clear(open.get().id(), t.value(), t.at());
            },
            true)
        .onFailure(e -> LOG.error("Alert transition {} on {} not stored", t, deviceId, e));
  }
}
