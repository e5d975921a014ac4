package vn.cantho.ioc.core.live;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.core.feature.LiveChannel;
import vn.cantho.ioc.core.reading.CommittedReadings;
import vn.cantho.ioc.core.reading.Reading;

/**
 * Keeps {@link LatestState} current from committed readings and pushes changes to WebSocket
 * clients. Readings are coalesced: a device gets at most one message per flush (one second),
 * however fast it reports, so a busy city never floods a browser. A client that cannot keep up
 * skips updates (its socket's write queue is bounded) rather than growing memory; the REST API has
 * the full state when it catches up.
 *
 * <p>A client may say what it shows (a {@code view} message, {@link LiveView}): it then gets
 * readings and statuses only of devices in its box, or, when it shows clusters rather than devices,
 * one {@code {"type":"changed"}} per flush when anything in its box reported or changed status, so
 * a city-wide map is never sent 100,000 devices' readings.
 *
 * <p>All state is touched on the one event-loop thread of the context it was started on.
 */
public final class LiveFeed implements LiveChannel {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  static final long FLUSH_MS = 1_000;
  static final long STATUS_SWEEP_MS = 10_000;

  private final DeviceRegistry registry;
  private final LatestState latest;
  private final Clock clock;
  private final Map<String, Map<String, Double>> pending = new LinkedHashMap<>();
  private final Map<String, StatusTally.Mark> lastStatus = new HashMap<>();
  private final StatusTally tally = new StatusTally();
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final AtomicLong skippedFrames = new AtomicLong();
  private volatile Context context;

  public LiveFeed(DeviceRegistry registry, LatestState latest, Clock clock) {
    this.registry = registry;
    this.latest = latest;
    this.clock = clock;
  }

  /** Call from the context (event loop) that will own the feed. */
  public void start(Vertx vertx) {
    context = vertx.getOrCreateContext();
    vertx
        .eventBus()
        .<CommittedReadings>consumer(CommittedReadings.ADDRESS, m -> onCommitted(m.body()));
    // What the cluster's other nodes committed (ADR 0022): this node's clients see those devices
    // too, and its latest state follows them.
    vertx
        .eventBus()
        .<CommittedReadings>consumer(
            CommittedReadings.ELSEWHERE_ADDRESS, m -> onCommitted(m.body()));
    vertx.setPeriodic(FLUSH_MS, id -> flush());
    vertx.setPeriodic(STATUS_SWEEP_MS, id -> sweepStatus());
    // Judge every device once now, so the map's summary counts them from the first request.
    context.runOnContext(v -> sweepStatus());
  }

  /** Online and offline devices per zone and domain, as the feed last judged them. */
  public StatusTally statusTally() {
    return tally;
  }

  /**
   * Adds a client that is sent what {@code filter} and {@code zones} let through (its query and its
   * scope, for devices and for zones). The feed owns the socket's close handler (a socket has one):
   * {@code onClose} runs once the socket has closed and left the feed, for the caller's own
   * clean-up.
   */
  public void addClient(
      ServerWebSocket socket, Predicate<Device> filter, Predicate<String> zones, Runnable onClose) {
    Client client = new Client(socket, filter, zones);
    clients.add(client);
    socket.textMessageHandler(text -> fromClient(client, text));
    socket.closeHandler(
        v -> {
          clients.remove(client);
          onClose.run();
        });
    socket.exceptionHandler(
        e -> {
          LOG.debug("Live client failed: {}", e.getMessage());
          clients.remove(client);
        });
    send(
        client,
        new JsonObject()
            .put("type", "hello")
            .put("serverTime", clock.instant().toString())
            .encode());
  }

  @Override
  public void publish(String type, Device subject, JsonObject body) {
    String message = body.copy().put("type", type).put("deviceId", subject.id()).encode();
    owner().runOnContext(v -> broadcast(subject, message));
  }

  @Override
  public void publishToZone(String type, String zoneId, JsonObject body) {
    String message = body.copy().put("type", type).put("zoneId", zoneId).encode();
    owner()
        .runOnContext(
            v -> {
              for (Client client : clients) {
                if (client.zones().test(zoneId)) {
                  send(client, message);
                }
              }
            });
  }

  /** A message from a browser: only {@code view} is understood; anything else is ignored. */
  private void fromClient(Client client, String text) {
    Context owner = context;
    if (owner == null) {
      LOG.debug("Live client message before the feed started, ignored");
      return;
    }
    LiveView.parse(text)
        .ifPresentOrElse(
            view -> owner.runOnContext(v -> client.view = view),
            () -> LOG.debug("Live client message ignored (not a view): {}", abbreviate(text)));
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private Context owner() {
    Context owner = context;
    if (owner == null) {
      throw new IllegalStateException("the live feed has not started");
    }
    return owner;
  }

  public int clientCount() {
    return clients.size();
  }

  public long skippedFrames() {
    return skippedFrames.get();
  }

  private void onCommitted(CommittedReadings batch) {
    latest.apply(batch.readings());
    String deviceId = null;
    Map<String, Double> values = null;
    for (Reading r : batch.readings()) {
      if (!r.deviceId().equals(deviceId)) {
        deviceId = r.deviceId();
        values = pending.computeIfAbsent(deviceId, id -> new LinkedHashMap<>());
      }
      values.put(r.metric(), r.value());
    }
  }

  private void flush() {
    if (!pending.isEmpty()) {
      Instant now = clock.instant();
      try {
        for (Map.Entry<String, Map<String, Double>> e : pending.entrySet()) {
          registry.find(e.getKey()).ifPresent(device -> sendReading(device, e.getValue(), now));
        }
      } finally {
        pending.clear(); // whatever happened, the next flush starts from new readings only
      }
    }
    tellViewsChanged();
  }

  private void sendReading(Device device, Map<String, Double> values, Instant now) {
    Instant lastSeen = latest.lastSeen(device.id());
    DeviceStatus status = DeviceStatus.of(device, lastSeen, now);
    judged(device, status);
    deviceUpdate(
        device,
        () -> {
          JsonObject json = new JsonObject().put("type", "reading").put("deviceId", device.id());
          json.put("ts", lastSeen == null ? null : lastSeen.toString());
          json.put("values", new JsonObject(new LinkedHashMap<>(values)));
          json.put("status", status.code());
          return json;
        });
  }

  private void sweepStatus() {
    Instant now = clock.instant();
    for (Device device : registry.all()) {
      Instant lastSeen = latest.lastSeen(device.id());
      DeviceStatus status = DeviceStatus.of(device, lastSeen, now);
      StatusTally.Mark before = judged(device, status);
      if (before != null && before.status() != status) {
        deviceUpdate(
            device,
            () ->
                new JsonObject()
                    .put("type", "status")
                    .put("deviceId", device.id())
                    .put("status", status.code())
                    .put("lastSeen", lastSeen == null ? null : lastSeen.toString()));
      }
    }
  }

  /** Records a device's status (and where it counts); returns what it was before. */
  private StatusTally.Mark judged(Device device, DeviceStatus status) {
    StatusTally.Mark mark = StatusTally.Mark.of(device, status);
    StatusTally.Mark before = lastStatus.put(device.id(), mark);
    tally.move(before, mark);
    return before;
  }

  /**
   * A reading or status of one device, to the clients whose query, scope and view hold it (or that
   * watch it: scope still applies); encoded only when someone receives it (at night, and always in
   * the benchmark, nobody does). A client that shows clusters in a box holding the device is only
   * marked: it hears "changed" at the flush.
   */
  private void deviceUpdate(Device device, Supplier<JsonObject> message) {
    String encoded = null;
    for (Client client : clients) {
      if (!client.filter().test(device)) {
        continue;
      }
      LiveView view = client.view;
      if (view != null && !view.watches(device)) {
        if (!view.holds(device)) {
          continue;
        }
        if (!view.devices()) {
          client.changed = true;
          continue;
        }
      }
      if (encoded == null) {
        encoded = message.get().encode();
      }
      send(client, encoded);
    }
  }

  /** At most one "changed" per flush to each cluster view whose box had news. */
  private void tellViewsChanged() {
    String changed = null;
    for (Client client : clients) {
      if (client.changed) {
        client.changed = false;
        if (changed == null) {
          changed = new JsonObject().put("type", "changed").encode();
        }
        send(client, changed);
      }
    }
  }

  private void broadcast(Device device, String message) {
    for (Client client : clients) {
      if (client.filter().test(device)) {
        send(client, message);
      }
    }
  }

  /**
   * Writes to one client, or drops it when its socket has closed: one vanished browser must never
   * cost another its updates. A socket can close between the check and the write (it belongs to
   * another event loop), and then Vert.x throws; that too only drops this client.
   */
  private void send(Client client, String message) {
    ServerWebSocket socket = client.socket();
    try {
      if (socket.isClosed()) {
        clients.remove(client);
      } else if (socket.writeQueueFull()) {
        skippedFrames.incrementAndGet();
      } else {
        socket.writeTextMessage(message).onFailure(e -> clients.remove(client));
      }
    } catch (IllegalStateException closedMeanwhile) {
      clients.remove(client);
    }
  }

  /** One browser: its query and scope, and what it said it shows (feed context only). */
  private static final class Client {
    private final ServerWebSocket socket;
    private final Predicate<Device> filter;
    private final Predicate<String> zones;
    private LiveView view;
    private boolean changed;

    Client(ServerWebSocket socket, Predicate<Device> filter, Predicate<String> zones) {
      this.socket = socket;
      this.filter = filter;
      this.zones = zones;
    }

    ServerWebSocket socket() {
      return socket;
    }

    Predicate<Device> filter() {
      return filter;
    }

    Predicate<String> zones() {
      return zones;
    }
  }
}
