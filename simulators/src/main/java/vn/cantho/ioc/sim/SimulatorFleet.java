package vn.cantho.ioc.sim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the readings of every simulated device over MQTT, as the field devices would: each
 * device on its own report interval, the first report of each spread over a short window so the
 * live map fills quickly without all devices firing in the same millisecond.
 *
 * <p>Devices share a small pool of connections ({@link FleetConfig#connections()}) rather than one
 * client each: thousands of Paho clients, with their threads, would swamp a small demo machine (ADR
 * 0004). The broker being down never blocks {@link #start()}: connections are retried in the
 * background and failed publications are counted.
 *
 * <p>Streetlights obey commands sent on their downlink topic (docs/commands.md, {@link
 * CommandBehaviour}); a commanded level replaces the lamp's astronomical schedule from then on.
 */
public final class SimulatorFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorFleet.class);

  private static final LightingModel LIGHTING = new LightingModel();

  private final FleetConfig config;
  private final List<SimDevice> devices;
  private final List<MqttLane> lanes = new ArrayList<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LightCommandHandler commands;
  private boolean started;
  private boolean closed;

  public SimulatorFleet(FleetConfig config, List<SimDevice> devices) {
    this.config = Objects.requireNonNull(config, "config");
    this.devices = List.copyOf(devices);
    this.commands = new LightCommandHandler(config.commands(), this::publish);
    // Fail now on a device no model can simulate (unknown domain or water type), rather than
    // with an error logged at every one of its report intervals.
    this.devices.forEach(d -> ReadingModels.sample(d, Instant.EPOCH));
  }

  /**
   * Opens the connections in the background and schedules every device. Returns at once, whether or
   * not the broker is reachable.
   *
   * @throws IllegalArgumentException if the broker URI is malformed
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "fleet is closed" : "fleet already started");
    }
    started = true;
    int connections = Math.max(1, Math.min(config.connections(), devices.size()));
    try {
      for (int n = 1; n <= connections; n++) {
        lanes.add(new MqttLane(config, n));
      }
    } catch (MqttException e) {
      close();
      throw new IllegalArgumentException("cannot create MQTT client: " + e.getMessage(), e);
    }
    // Offline devices are simulated by leaving them out: they neither publish nor subscribe.
    List<SimDevice> online =
        devices.stream().filter(d -> !config.commands().isOffline(d.id())).toList();
    List<List<SimDevice>> lampsPerLane = new ArrayList<>();
    lanes.forEach(lane -> lampsPerLane.add(new ArrayList<>()));
    for (int i = 0; i < online.size(); i++) {
      if (DeviceDomain.LIGHTING.code().equals(online.get(i).domain())) {
        lampsPerLane.get(i % lanes.size()).add(online.get(i));
      }
    }
    for (int n = 0; n < lanes.size(); n++) {
      MqttLane lane = lanes.get(n);
      lane.listenForCommands(
          lampsPerLane.get(n), (device, message) -> commands.onCommand(lane, device, message));
    }
    // Connecting is queued first on each lane's thread, so no device publishes before its lane
    // has at least tried to connect.
    lanes.forEach(MqttLane::connect);
    long spreadMs = config.firstPublishSpread().toMillis();
    for (int i = 0; i < online.size(); i++) {
      SimDevice device = online.get(i);
      MqttLane lane = lanes.get(i % lanes.size());
      long firstDelayMs = (long) (spreadMs * SeededNoise.uniform(device.id(), "firstPublish", 0));
      var unused =
          lane.scheduleAtFixedRate(
              () -> publish(device, lane), firstDelayMs, device.reportIntervalS() * 1000L);
    }
    LOG.info(
        "simulating {} devices over {} connection(s) to {}",
        devices.size(),
        lanes.size(),
        config.brokerUri());
  }

  private void publish(SimDevice device, MqttLane lane) {
    // Any exception escaping here would silently cancel this device's schedule for good.
    try {
      Instant now = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
      Optional<LightLevel> commanded = commands.commandedLevel(device.id());
      Map<String, Double> values =
          commanded.isPresent()
              ? LIGHTING.sample(device, now, commanded.get())
              : ReadingModels.sample(device, now);
      byte[] payload = UplinkMessage.payload(now, values);
      if (lane.publish(UplinkMessage.topic(device), payload)) {
        published.increment();
      } else {
        failed.increment();
      }
    } catch (RuntimeException e) {
      failed.increment();
      LOG.error("{}: cannot produce a reading", device.id(), e);
    }
  }

  /** Messages the broker has acknowledged. */
  public long published() {
    return published.sum();
  }

  /** Publications that failed (broker down, timeout, …). */
  public long failed() {
    return failed.sum();
  }

  /** Commands the lamps acknowledged (and applied). */
  public long commandsAcknowledged() {
    return commands.acknowledged();
  }

  /** Commands the lamps rejected (bad parameters, unknown action). */
  public long commandsRejected() {
    return commands.rejected();
  }

  /** Commands left unanswered on purpose (lamps that never answer, or without correlation data). */
  public long commandsUnanswered() {
    return commands.unanswered();
  }

  /** Lamps whose command topic the broker has granted a subscription to, over all connections. */
  public synchronized int commandSubscriptions() {
    return lanes.stream().mapToInt(MqttLane::commandSubscriptions).sum();
  }

  /** The level a command set for a lamp, or empty while it follows its astronomical schedule. */
  public Optional<LightLevel> commandedLevel(String deviceId) {
    return commands.commandedLevel(deviceId);
  }

  /** Connections currently up, out of {@link FleetConfig#connections()}. */
  public synchronized int connectedConnections() {
    return (int) lanes.stream().filter(MqttLane::isConnected).count();
  }

  public List<SimDevice> devices() {
    return devices;
  }

  /** Stops publishing and disconnects. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    lanes.forEach(MqttLane::close);
    LOG.info("simulator stopped: {} published, {} failed", published(), failed());
  }
}
