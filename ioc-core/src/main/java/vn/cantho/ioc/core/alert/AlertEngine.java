package vn.cantho.ioc.core.alert;

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
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.farm.FarmStore;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;
import vn.cantho.ioc.core.water.Plausibility;

/**
 * Runs the water rules on every committed reading: one {@link ConditionTracker} per rule and
 * device, fed on the event loop (pure computation), its transitions written by {@link AlertStore}
 * on an ordered worker (so an alert's transitions are applied in the order they happened) and then
 * published as {@link AlertEvent}s. Open alerts are loaded at start, so a restart does not raise
 * them twice.
 */
public final class AlertEngine {
  /** Publish a device id here after changing its rules; the engine reloads that device. */
  public static final String RULES_CHANGED = "ioc.rules.changed";

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final DeviceRegistry registry;
  private final RuleStore rules;
  private final AlertStore alerts;
  private final FarmStore farms;
  private final Map<String, List<Watch>> byDevice = new HashMap<>();
  private Vertx vertx;
  private WorkerExecutor writer;

  /** A rule watching one device. */
  private record Watch(ThresholdRule rule, ConditionTracker tracker) {}

  public AlertEngine(DeviceRegistry registry, RuleStore rules, AlertStore alerts, FarmStore farms) {
    this.registry = registry;
    this.rules = rules;
    this.alerts = alerts;
    this.farms = farms;
  }

  /** Loads rules and open alerts off the event loop, then listens. Call on the owning context. */
  public Future<Void> start(Vertx vertx) {
    this.vertx = vertx;
    this.writer = vertx.createSharedWorkerExecutor("ioc-alerts", 1);
    return vertx
        .executeBlocking(this::load, false)
        .onSuccess(
            loaded -> {
              byDevice.putAll(loaded);
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
                          byDevice.remove(deviceId);
                          byDevice.putAll(loaded);
                        }));
  }

  private Map<String, List<Watch>> load() throws SQLException {
    return load(registry.all());
  }

  private Map<String, List<Watch>> load(java.util.Collection<Device> devices) throws SQLException {
    Map<Long, Map<String, Alert>> open = new HashMap<>();
    for (Alert a : alerts.open()) {
      open.computeIfAbsent(a.ruleId(), k -> new HashMap<>()).put(a.deviceId(), a);
    }
    Map<String, List<Watch>> loaded = new HashMap<>();
    Map<String, String> pondProfiles = farms.profilesByProbe();
    for (Device d : devices) {
      // A probe in a pond is watched by its pond's species; one without, by its device type.
      Optional<String> profile =
          d.domain() != Domain.WATER
              ? Optional.empty()
              : Optional.ofNullable(pondProfiles.get(d.id()))
                  .or(() -> SpeciesProfiles.forDeviceType(d.type()));
      if (profile.isEmpty()) {
        continue;
      }
      List<Watch> watches = new ArrayList<>();
      for (ThresholdRule rule : rules.effective(profile.get(), d.id())) {
        Alert already = open.getOrDefault(rule.id(), Map.of()).get(d.id());
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
    for (Reading r : batch.readings()) {
      List<Watch> watches = byDevice.get(r.deviceId());
      if (watches == null || !Plausibility.plausible(r.metric(), r.value())) {
        continue; // a probe fault is not the pond's condition
      }
      for (Watch w : watches) {
        if (w.rule().metric().equals(r.metric())) {
          w.tracker().onSample(r.ts(), r.value()).ifPresent(t -> apply(w.rule(), r, t));
        }
      }
    }
  }

  /** Writes one transition; ordered, so a raise is stored before its escalation or clearing. */
  private void apply(ThresholdRule rule, Reading r, ConditionTracker.Transition t) {
    String zone = registry.find(r.deviceId()).map(Device::zoneId).orElse(null);
    writer
        .<Optional<Alert>>executeBlocking(
            () -> {
              if (t.kind() == ConditionTracker.Transition.Kind.RAISED) {
                return Optional.of(
                    alerts.raise(
                        rule.id(),
                        r.deviceId(),
                        zone,
                        rule.metric(),
                        t.severity(),
                        t.value(),
                        t.at()));
              }
              Optional<Alert> open = alerts.openFor(rule.id(), r.deviceId());
              if (open.isEmpty()) {
                return Optional.empty(); // closed by hand meanwhile
              }
              return t.kind() == ConditionTracker.Transition.Kind.ESCALATED
                  ? alerts.escalate(open.get().id(), t.severity(), t.value(), t.at())
                  : alerts.clear(open.get().id(), t.value(), t.at());
            },
            true)
        .onFailure(e -> LOG.error("Alert transition {} on {} not stored", t, r.deviceId(), e))
        .onSuccess(
            alert ->
                alert.ifPresent(
                    a ->
                        vertx
                            .eventBus()
                            .publish(
                                AlertEvent.ADDRESS,
                                new AlertEvent(
                                    t.kind().name().toLowerCase(java.util.Locale.ROOT), a))));
  }
}
