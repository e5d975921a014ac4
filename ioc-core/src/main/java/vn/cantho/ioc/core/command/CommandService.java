package vn.cantho.ioc.core.command;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.audit.AuditLog;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.feature.LiveChannel;
import vn.cantho.ioc.core.store.Database;

/**
 * Sends commands to devices and follows each to a final status (docs/commands.md).
 *
 * <p>A request is stored first (every command {@code pending}, the twins' desired state, one audit
 * entry), then queued. One dispatcher thread hands commands to their {@link Downlink} with at most
 * {@code maxInFlight} unanswered at a time, so a command to a zone of 2,000 lights goes out at the
 * pace devices answer and never floods a broker or an OPC UA server; no Vert.x event loop ever
 * waits on it. A sweeper ends every command whose deadline passed as {@code timed_out}, so none
 * stays open. Status changes are written in batches by one writer thread and pushed to the live map
 * as {@code command} messages.
 */
public final class CommandService implements CommandReplies, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

  /** The live-feed message type of a command's status change. */
  public static final String LIVE_TYPE = "command";

  public static final int DEFAULT_MAX_IN_FLIGHT = 256;
  public static final int DEFAULT_QUEUE_CAPACITY = 50_000;
  private static final Duration SWEEP_EVERY = Duration.ofMillis(200);
  private static final int WRITE_BATCH = 1_000;
  private static final Duration WRITE_RETRY = Duration.ofSeconds(1);
  private static final int SPLIT_AFTER_FAILURES = 3;

  private final Database database;
  private final CommandStore store;
  private final AuditLog audit;
  private final LiveChannel live;
  private final Clock clock;
  private final List<Downlink> downlinks = new CopyOnWriteArrayList<>();
  private final Map<UUID, Open> open = new ConcurrentHashMap<>();
  private final BlockingQueue<Open> queue;
  private final BlockingQueue<Transition> writes;
  private final Semaphore slots;
  private final DeviceTwins twins;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(daemon("ioc-command-sweeper"));
  private final Thread dispatcher = daemon("ioc-command-dispatch").newThread(this::dispatchLoop);
  private final Thread writer = daemon("ioc-command-writer").newThread(this::writeLoop);
  private final List<StatusListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closing;

  /** Hears every status change once it is stored (a feature's bookkeeping, a benchmark). */
  @FunctionalInterface
  public interface StatusListener {
    void changed(Command.Change change);
  }

  public CommandService(
      Database database, AuditLog audit, LiveChannel live, Clock clock, int maxInFlight) {
    this(database, audit, live, clock, maxInFlight, DEFAULT_QUEUE_CAPACITY);
  }

  CommandService(
      Database database,
      AuditLog audit,
      LiveChannel live,
      Clock clock,
      int maxInFlight,
      int queueCapacity) {
    this.database = database;
    this.store = new CommandStore(database);
    this.audit = audit;
    this.live = live;
    this.clock = clock;
    this.slots = new Semaphore(maxInFlight);
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writes = new ArrayBlockingQueue<>(queueCapacity * 3);
    this.twins = new DeviceTwins(this, clock);
  }

  /** Ends what an earlier run left open, loads the twins and starts the threads; blocking. */
  public void start() throws SQLException {
    int ended = store.endUnfinished(clock.instant(), "node restarted before an answer");
    if (ended > 0) {
      LOG.warn("{} commands of an earlier run ended as timed out", ended);
    }
    twins.load(store.loadTwins());
    dispatcher.start();
    writer.start();
    var unused =
        sweeper.scheduleWithFixedDelay(
            this::sweep, SWEEP_EVERY.toMillis(), SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Transports are tried in the order added; the first that reaches a device carries it. */
  public void addDownlink(Downlink downlink) {
    downlinks.add(downlink);
  }

  public void addListener(StatusListener listener) {
    listeners.add(listener);
  }

  public CommandStore store() {
    return store;
  }

  public DeviceTwins twins() {
    return twins;
  }

  /**
   * Stores a request and queues its commands; blocking (JDBC), call from a worker.
   *
   * @throws CommandsBusy when the queue cannot take all of its commands now
   */
  public CommandBatch submit(CommandRequest request) throws SQLException {
    if (closing) {
      throw new CommandsBusy("the node is stopping");
    }
    if (queue.remainingCapacity() < request.devices().size()) {
      throw new CommandsBusy(
          "too many commands waiting ("
              + queue.size()
              + "); "
              + request.devices().size()
              + " more do not fit");
    }
    Instant now = clock.instant();
    Instant deadline = now.plus(request.timeout());
    UUID batchId = UUID.randomUUID();
    List<Command> commands = new ArrayList<>(request.devices().size());
    List<Twin> newTwins = new ArrayList<>();
    for (Device device : request.devices()) {
      Command c =
          new Command(
              0,
              UUID.randomUUID(),
              batchId,
              request.target(),
              device.id(),
              device.zoneId(),
              request.action(),
              request.params(),
              request.requestedBy(),
              request.origin(),
              CommandStatus.PENDING,
              null,
              null,
              now,
              deadline,
              null,
              null);
      commands.add(c);
      if (!request.desired().isEmpty()) {
        newTwins.add(twins.desiredBy(request, device, c.id(), now));
      }
    }
    database.runInTransaction(
        c -> {
          store.insert(c, commands);
          store.saveTwins(c, newTwins);
        });
    twins.stored(newTwins);
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      Open o =
          new Open(
              new OutgoingCommand(
                  c.id(), request.devices().get(i), c.action(), c.params(), now, deadline),
              request.origin());
      open.put(c.id(), o);
      twins.opened(c.deviceId(), c.id());
      if (!queue.offer(o)) {
        finish(c.id(), CommandStatus.FAILED, "command queue full", null);
      }
    }
    try {
      audit.record(
          request.requestedBy(),
          "command." + request.origin().code(),
          request.target() + " " + request.action() + " " + request.params().encode(),
          null);
    } catch (SQLException | RuntimeException e) {
      // The commands are stored and on their way; a lost audit line must not strand them.
      LOG.error("could not audit the command batch {} of {}", batchId, request.requestedBy(), e);
    }
    return new CommandBatch(
        batchId, request.target(), Map.of(CommandStatus.PENDING, commands.size()));
  }

  /** Whether a device has a command not yet at a final status. */
  public boolean hasOpenCommand(String deviceId) {
    return twins.openCommand(deviceId).filter(open::containsKey).isPresent();
  }

  /** How many commands wait for a slot or an answer. */
  public int openCount() {
    return open.size();
  }

  @Override
  public void reply(UUID commandId, String deviceId, CommandStatus status, String detail) {
    Open o = open.get(commandId);
    if (o == null) {
      LOG.debug("answer to command {} from {} came after it ended; ignored", commandId, deviceId);
      return;
    }
    if (!o.command.device().id().equals(deviceId)) {
      LOG.warn(
          "{} answered command {} of {}; ignored", deviceId, commandId, o.command.device().id());
      return;
    }
    if (status != CommandStatus.ACKNOWLEDGED && status != CommandStatus.REJECTED) {
      LOG.warn("{} answered command {} with {}; ignored", deviceId, commandId, status.code());
      return;
    }
    finish(commandId, status, Details.clean(detail), o.transport);
  }

  private void dispatchLoop() {
    while (!closing) {
      Open o;
      try {
        o = queue.take();
        if (!open.containsKey(o.command.id())) {
          continue; // timed out while it waited
        }
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      o.holdsSlot.set(true);
      if (!open.containsKey(o.command.id())) {
        // Ended (timed out) meanwhile: give the slot back once, whoever noticed first.
        if (o.holdsSlot.getAndSet(false)) {
          slots.release();
        }
        continue;
      }
      try {
        send(o);
      } catch (RuntimeException e) {
        // A transport's bug must not stop every later command: this one fails, the loop goes on.
        LOG.error("sending command {} failed", o.command.id(), e);
        finish(o.command.id(), CommandStatus.FAILED, "internal error: " + e, null);
      }
    }
  }

  private void send(Open o) {
    OutgoingCommand cmd = o.command;
    Optional<Downlink> route =
        downlinks.stream().filter(d -> d.reaches(cmd.device(), cmd.action())).findFirst();
    if (route.isEmpty()) {
      finish(cmd.id(), CommandStatus.FAILED, "no downlink reaches this device", null);
      return;
    }
    Downlink downlink = route.get();
    o.transport = downlink.name();
    try {
      downlink
          .send(cmd)
          .whenComplete(
              (delivery, error) -> {
                if (error != null) {
                  finish(
                      cmd.id(),
                      CommandStatus.FAILED,
                      Details.clean(String.valueOf(error)),
                      downlink.name());
                } else if (delivery.status() == CommandStatus.SENT) {
                  sent(cmd.id(), downlink.name());
                } else {
                  finish(
                      cmd.id(),
                      delivery.status(),
                      Details.clean(delivery.detail()),
                      downlink.name());
                }
              });
    } catch (RuntimeException e) {
      finish(cmd.id(), CommandStatus.FAILED, Details.clean(e.toString()), downlink.name());
    }
  }

  private void sent(UUID id, String transport) {
    Open o = open.get(id);
    if (o != null) {
      write(
          new Transition(
              id, o.command.device(), CommandStatus.SENT, null, transport, clock.instant()));
    }
  }

  /** Ends a command once: the first final status wins, later ones are dropped. */
  private boolean finish(UUID id, CommandStatus status, String detail, String transport) {
    Open o = open.remove(id);
    if (o == null) {
      return false;
    }
    if (o.holdsSlot.getAndSet(false)) {
      slots.release();
    }
    write(new Transition(id, o.command.device(), status, detail, transport, clock.instant()));
    return true;
  }

  private void sweep() {
    try {
      Instant now = clock.instant();
      for (Open o : open.values()) {
        if (!o.command.deadline().isAfter(now)) {
          finish(o.command.id(), CommandStatus.TIMED_OUT, "no answer before the deadline", null);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("command sweep failed", e);
    }
  }

  private void write(Transition t) {
    if (!writes.offer(t)) {
      // The writer is far behind (the database is down): waiting here slows down only the
      // transport thread that reported, never an event loop (transports complete off-loop).
      try {
        writes.put(t);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Failed attempts in a row to store the batch in hand. */
  private int failures;

  /**
   * Stores a batch; after a few failed attempts (the database refuses one change, not the
   * connection) one change at a time, dropping and logging those it still refuses, so one bad
   * change never blocks the rest for good.
   */
  private List<Transition> applyOrSplit(List<Transition> batch) throws SQLException {
    if (failures < SPLIT_AFTER_FAILURES || batch.size() == 1) {
      return store.apply(batch);
    }
    List<Transition> applied = new ArrayList<>();
    for (Transition t : batch) {
      try {
        applied.addAll(store.apply(List.of(t)));
      } catch (SQLException e) {
        if (!database.ping()) {
          throw e; // the database is away: keep the batch and retry
        }
        LOG.error("dropping a command status change the database refuses: {}", t, e);
      }
    }
    return applied;
  }

  private void writeLoop() {
    List<Transition> batch = new ArrayList<>(WRITE_BATCH);
    while (!closing || !writes.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          Transition first = writes.poll(SWEEP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          writes.drainTo(batch, WRITE_BATCH - 1);
        }
        List<Transition> applied = applyOrSplit(batch);
        batch.clear();
        failures = 0;
        for (Transition t : applied) {
          try {
            announce(t);
          } catch (RuntimeException e) {
            LOG.warn("could not announce command {} {}", t.id(), t.status().code(), e);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException | RuntimeException e) {
        failures++;
        LOG.error("could not store {} command status changes; retrying", batch.size(), e);
        try {
          Thread.sleep(WRITE_RETRY.toMillis());
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void announce(Transition t) {
    Command.Change change =
        new Command.Change(t.id(), t.device().id(), t.status(), t.detail(), t.at());
    twins.changed(change);
    for (StatusListener l : listeners) {
      try {
        l.changed(change);
      } catch (RuntimeException e) {
        LOG.warn("command status listener failed", e);
      }
    }
    live.publish(
        LIVE_TYPE,
        t.device(),
        new JsonObject()
            .put("commandId", t.id().toString())
            .put("status", t.status().code())
            .put("detail", t.detail())
            .put("at", t.at().toString()));
  }

  @Override
  public void close() {
    closing = true;
    twins.close();
    sweeper.shutdownNow();
    dispatcher.interrupt();
    try {
      writer.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A command not yet at a final status, and whether it holds one of the in-flight slots. */
  private static final class Open {
    final OutgoingCommand command;
    final CommandOrigin origin;
    final AtomicBoolean holdsSlot = new AtomicBoolean();

    /**
     * The downlink that carries it, once chosen: an answer that beats the PUBACK still names it.
     */
    volatile String transport;

    Open(OutgoingCommand command, CommandOrigin origin) {
      this.command = command;
      this.origin = origin;
    }
  }
}
