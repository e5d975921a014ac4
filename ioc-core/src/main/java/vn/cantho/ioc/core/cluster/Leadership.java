package vn.cantho.ioc.core.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * Which node of the cluster runs the jobs that must run once (KPIs, rollups, partitions, most
 * features' jobs): the one whose dedicated session holds the PostgreSQL advisory lock {@link
 * #LEADER_KEY}. A session lock dies with its session, so when the leader's process dies (even by
 * SIGKILL) the server releases the lock at once, and when its network goes the server drops the
 * session within about 25 s (keep-alives, {@link DedicatedConnection}); another node takes it on
 * its next try, at most {@code every} later.
 *
 * <p>The leader checks its session every period: a failed check means the lock may be gone, so it
 * steps down at once, before any other node can have taken over (the server needs the session's
 * death to free the lock; the leader's own check fails no later than that, by its socket timeout).
 * A job that is already running finishes; jobs are idempotent (they rewrite what they compute), so
 * a run overlapping a successor's first run does no harm.
 *
 * <p>Blocking JDBC on a thread of its own; {@link #isLeader()} is a volatile read, safe on an event
 * loop.
 */
public final class Leadership implements BooleanSupplier, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  /** The leader lock's key: "IOCLEAD" in ASCII, unlikely to clash with another application's. */
  public static final long LEADER_KEY = 0x494f434c454144L;

  public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

  /**
   * What the leader does for a dead node: take over its broker session, so what the broker parked
   * there (mosquitto queues a shared subscription's share for an absent member's persistent
   * session) is ingested by a live node. Called on the leadership thread; may block.
   */
  public interface Adoption {
    /** Starts ingesting as the dead node's MQTT client; {@link #release} once that ends. */
    void adopt(String nodeId) throws Exception;

    /** This node's session is gone, and with it the locks of what it adopted: stop them all. */
    void dropAll();
  }

  private final java.util.Set<String> adopted = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Queue<String> toRelease =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile Adoption adoption;
  private boolean ownLock;

  private final DatabaseConfig database;
  private final String nodeId;
  private final Duration every;
  private final Thread thread;
  private final Object wake = new Object();
  private final CopyOnWriteArrayList<Runnable> onChange = new CopyOnWriteArrayList<>();
  private final AtomicLong changes = new AtomicLong();
  private volatile boolean leader;
  private volatile boolean running = true;
  private Connection session;

  public Leadership(DatabaseConfig database, String nodeId, Duration every) {
    this.database = database;
    this.nodeId = nodeId;
    this.every = every;
    this.thread = new Thread(this::loop, "ioc-leadership");
    this.thread.setDaemon(true);
  }

  /** Starts trying; the first try happens at once, so a lone node leads as soon as it starts. */
  public Leadership start() {
    thread.start();
    return this;
  }

  /** Whether this node runs the cluster's once-only jobs now. */
  public boolean isLeader() {
    return leader;
  }

  @Override
  public boolean getAsBoolean() {
    return leader;
  }

  /** How many times this node became or stopped being leader (tests, metrics). */
  public long changes() {
    return changes.get();
  }

  /** From now on, the leader adopts the broker sessions of dead nodes this way. */
  public void adoptWith(Adoption adoption) {
    this.adoption = adoption;
  }

  /**
   * An adoption ended (the node came back and took its session): its lock is released at the next
   * round, so the node can take it again.
   */
  public void release(String nodeId) {
    toRelease.add(nodeId);
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** The nodes whose sessions this node has adopted. */
  public java.util.Set<String> adopted() {
    return java.util.Set.copyOf(adopted);
  }

  /** The advisory-lock key of a member: "IOCM" and its id's hash. */
  static long memberKey(String nodeId) {
    return (0x494f434dL << 32) | (nodeId.hashCode() & 0xffffffffL);
  }

  /** Told (on the leadership thread) each time this node becomes or stops being the leader. */
  public void onChange(Runnable listener) {
    onChange.add(listener);
  }

  private void loop() {
    while (running) {
      try {
        tryOnce();
      } catch (SQLException | RuntimeException e) {
        lost("its database session failed: " + e.getMessage());
      }
      synchronized (wake) {
        if (running) {
          try {
            wake.wait(every.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  private void tryOnce() throws SQLException {
    if (session == null) {
      session = DedicatedConnection.open(database, "ioc-leadership:" + nodeId);
      ownLock = false;
    }
    if (!ownLock) {
      // Alive: this node's own lock, taken before it is listed, so the leader never takes a
      // starting node for a dead one. Held by an adopter of an earlier life of this node until the
      // adopter sees the broker hand the session back to us.
      ownLock = tryLock(memberKey(nodeId));
      if (ownLock) {
        try (PreparedStatement ps =
            session.prepareStatement(
                "INSERT INTO cluster_members (node_id) VALUES (?)"
                    + " ON CONFLICT (node_id) DO UPDATE SET started_at = now()")) {
          ps.setString(1, nodeId);
          ps.executeUpdate();
        }
      }
    }
    for (String id = toRelease.poll(); id != null; id = toRelease.poll()) {
      if (adopted.remove(id)) {
        try (PreparedStatement ps = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          ps.setLong(1, memberKey(id));
          ps.execute();
        }
        LOG.info("Node {} has its broker session back; adoption ended", id);
      }
    }
    if (leader) {
      // The lock lives as long as this session; a session that still answers still holds it.
      try (Statement s = session.createStatement()) {
        s.execute("SELECT 1");
      }
      adoptTheDead();
      return;
    }
    try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, LEADER_KEY);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          set(true, "took the leader lock");
        }
      }
    }
  }

  private boolean tryLock(long key) throws SQLException {
    try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Members whose own lock is free are dead: the leader takes their lock and their session. */
  private void adoptTheDead() throws SQLException {
    Adoption a = adoption;
    if (a == null) {
      return;
    }
    java.util.List<String> members = new java.util.ArrayList<>();
    try (PreparedStatement ps =
        session.prepareStatement("SELECT node_id FROM cluster_members WHERE node_id <> ?")) {
      ps.setString(1, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          members.add(rs.getString(1));
        }
      }
    }
    for (String member : members) {
      if (adopted.contains(member) || !tryLock(memberKey(member))) {
        continue;
      }
      adopted.add(member);
      LOG.warn("Node {} is gone (its lock is free): adopting its broker session", member);
      try {
        a.adopt(member);
      } catch (Exception e) {
        LOG.warn("Could not adopt the session of {}: {}; trying again", member, e.toString());
        release(member);
      }
    }
  }

  private void lost(String why) {
    if (leader) {
      set(false, why);
    } else {
      LOG.warn("Leadership: {}; trying again in {} s", why, every.toSeconds());
    }
    closeSession();
  }

  private void set(boolean lead, String why) {
    leader = lead;
    changes.incrementAndGet();
    if (lead) {
      LOG.info("Node {} is now the cluster's leader ({})", nodeId, why);
    } else {
      LOG.warn("Node {} is no longer the cluster's leader: {}", nodeId, why);
    }
    for (Runnable r : onChange) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("Leadership listener failed", e);
      }
    }
  }

  private void closeSession() {
    if (!adopted.isEmpty()) {
      // Their locks die with this session: another leader will adopt them, so stop ours first.
      Adoption a = adoption;
      if (a != null) {
        a.dropAll();
      }
      adopted.clear();
    }
    toRelease.clear();
    if (session != null) {
      try {
        session.close();
      } catch (SQLException e) {
        LOG.debug("Closing the leadership session: {}", e.getMessage());
      }
      session = null;
    }
  }

  /** Steps down and ends the session, so another node takes over on its next try. */
  @Override
  public void close() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      thread.join(every.toMillis() + 20_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (leader) {
      set(false, "the node stops");
    }
    closeSession(); // ending the session releases the lock
  }
}
