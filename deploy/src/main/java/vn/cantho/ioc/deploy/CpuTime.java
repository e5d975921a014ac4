package vn.cantho.ioc.deploy;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time spent so far, for the benches' per-reading figures: far less noisy than a rate on a
 * shared two-core machine, since a process waiting for a core spends no CPU.
 */
final class CpuTime {
  /** Linux reports process times in clock ticks of 1/100 s (USER_HZ, fixed on x86-64). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private CpuTime() {}

  /** This JVM: the node, and the embedded broker when it runs in-process. */
  static long jvmNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Another process of this machine (a node started as a child process), all its threads; zero once
   * it has ended or where there is no /proc.
   */
  static long processNanos(long pid) {
    try {
      return ticks(pid, false) * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The PostgreSQL server whose data directory this is: the postmaster, its live children (the
   * backends, WAL writer, checkpointer) and the children it has already reaped. Zero where there is
   * no /proc.
   */
  static long postgresNanos(Path dataDir) {
    try {
      long postmaster =
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      long ticks = ticks(postmaster, true);
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          List<String> stat = stat(p);
          if (stat != null && Long.parseLong(stat.get(1)) == postmaster) {
            ticks += utimeStime(stat);
          }
        }
      }
      return ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Every process on the machine (/proc/stat: all CPUs' time not idle nor waiting for I/O): with
   * the node's and PostgreSQL's share it tells what the broker and the load generator took, and so
   * how many readings a second the machine could carry at all. Zero where there is no /proc.
   */
  static long machineNanos() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long ticks(long pid, boolean withReapedChildren) throws IOException {
    List<String> stat = stat(Path.of("/proc", Long.toString(pid)));
    if (stat == null) {
      return 0;
    }
    long t = utimeStime(stat);
    // cutime and cstime: fields 16 and 17 of /proc/PID/stat.
    return withReapedChildren ? t + Long.parseLong(stat.get(13)) + Long.parseLong(stat.get(14)) : t;
  }

  /** The fields after the command name, from the state (field 3) on; null if the process ended. */
  private static List<String> stat(Path proc) {
    try {
      String line = Files.readString(proc.resolve("stat"));
      // The command name is in parentheses and may hold spaces: split after its closing one.
      return List.of(line.substring(line.lastIndexOf(')') + 2).trim().split(" "));
    } catch (IOException e) {
      return null;
    }
  }

  /** utime and stime: fields 14 and 15 of /proc/PID/stat, 12 and 13 after the name. */
  private static long utimeStime(List<String> fieldsFromState) {
    return Long.parseLong(fieldsFromState.get(11)) + Long.parseLong(fieldsFromState.get(12));
  }
}
