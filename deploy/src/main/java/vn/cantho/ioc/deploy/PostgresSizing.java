package vn.cantho.ioc.deploy;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Memory and WAL settings of the embedded PostgreSQL, sized from the machine as PostgreSQL's own
 * guidance says: shared buffers about a quarter of the memory, and checkpoints spaced by a WAL
 * budget large enough that a steady write load does not force them (ADR 0025).
 *
 * <p>Why it matters, measured with {@code bench ingest} (docs/BENCHMARKS.md): with the built-in 128
 * MB, the readings index of the day (about 380 MB for 10 million readings) no longer fits, so each
 * COPY row evicts a dirty index page the backend itself must write (4 million backend writes in the
 * half-rate phase) and PostgreSQL spent 11 µs of CPU a reading, against 2 to 3 µs when the pages
 * stay in memory.
 *
 * <p>Checkpoints 15 minutes apart rather than 5: after each checkpoint starts, the first change to
 * every page writes a full-page image to the WAL, and a live city's readings touch every leaf of
 * the readings index within seconds, so each checkpoint start is a burst of WAL (hundreds of MB at
 * the bench's rates) that commits queue behind.
 *
 * @param sharedBuffersMb PostgreSQL's page cache
 * @param maxWalSizeMb WAL written between two checkpoints at most
 * @param checkpointMinutes time between two checkpoints at most
 */
record PostgresSizing(long sharedBuffersMb, long maxWalSizeMb, int checkpointMinutes) {
  static final long MIN_SHARED_BUFFERS_MB = 128;
  // The embedded server shares the machine with the node, the broker and the simulators, and a
  // city-scale deployment runs its own tuned server (docs/deployment.md): a demo needs no more.
  static final long MAX_SHARED_BUFFERS_MB = 2048;
  static final long MAX_WAL_SIZE_MB = 4096;
  static final int CHECKPOINT_MINUTES = 15;

  /** Sized for this machine (or container: the JVM reads its memory limit). */
  static PostgresSizing forThisMachine() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return forMemory(os.getTotalMemorySize());
  }

  static PostgresSizing forMemory(long totalBytes) {
    long quarterMb = totalBytes / 4 / (1024 * 1024);
    long shared = Math.max(MIN_SHARED_BUFFERS_MB, Math.min(MAX_SHARED_BUFFERS_MB, quarterMb));
    return new PostgresSizing(shared, MAX_WAL_SIZE_MB, CHECKPOINT_MINUTES);
  }

  String sharedBuffers() {
    return String.format(Locale.ROOT, "%dMB", sharedBuffersMb);
  }

  String checkpointTimeout() {
    return checkpointMinutes + "min";
  }

  String maxWalSize() {
    return String.format(Locale.ROOT, "%dMB", maxWalSizeMb);
  }
}
