package vn.cantho.ioc.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * The disk's own sync latency while a benchmark runs: every 50 ms, 8 kB written and forced to disk
 * (fdatasync) in a file beside the benchmark's PostgreSQL, on the disk its WAL is on. A commit
 * returns only after its WAL is flushed, so when this unrelated file takes 200 ms to sync, a commit
 * on the same disk cannot be faster: set beside the commit latency's worst seconds, it tells the
 * machine's tail from the node's (docs/BENCHMARKS.md, seventh session). Its own thread, 160 kB/s.
 */
final class DiskSyncProbe implements AutoCloseable {
  private static final Duration EVERY = Duration.ofMillis(50);
  private static final int BLOCK = 8 * 1024;
  private static final int BLOCKS = 64; // the file is rewritten in place: it stays 512 kB

  private final Path file;
  private final FileChannel channel;
  private final Instant from;
  private final DelaySamples syncMicros = new DelaySamples();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile IOException failure;

  private DiskSyncProbe(Path file, Instant from) throws IOException {
    this.file = file;
    this.from = from;
    this.channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    this.thread = new Thread(this::loop, "ioc-bench-disk-sync");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts probing in {@code folder}; syncs started at or after {@code from} count. */
  static DiskSyncProbe start(Path folder, Instant from) throws IOException {
    return new DiskSyncProbe(folder.resolve("disk-sync-probe.bin"), from);
  }

  private void loop() {
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    long n = 0;
    while (running) {
      Instant at = Instant.now();
      long start = System.nanoTime();
      try {
        block.clear();
        channel.write(block, (n++ % BLOCKS) * BLOCK);
        channel.force(false);
      } catch (IOException e) {
        failure = e;
        return;
      }
      if (!at.isBefore(from)) {
        syncMicros.add(at.getEpochSecond(), (System.nanoTime() - start) / 1_000);
      }
      // Pacing, not synchronisation: the probe samples the disk at a steady rate.
      LockSupport.parkNanos(EVERY.toNanos());
    }
  }

  /** The given percentiles (0..1) of the sync times so far, in milliseconds. */
  double[] percentilesMs(double... quantiles) throws IOException {
    if (failure != null) {
      throw new IOException("disk sync probe failed", failure);
    }
    long[] micros = syncMicros.percentiles(quantiles);
    double[] ms = new double[micros.length];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = micros[i] < 0 ? -1 : Math.round(micros[i] / 100.0) / 10.0;
    }
    return ms;
  }

  /** The seconds with the slowest sync, worst first. */
  String worstSeconds(int n) {
    return syncMicros.worstSeconds(n).stream()
        .map(e -> e.getKey() + "=" + e.getValue() / 1_000 + "ms")
        .toList()
        .toString();
  }

  @Override
  public void close() throws IOException {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
    Files.deleteIfExists(file);
  }
}
