package vn.cantho.ioc.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's load: many devices publishing water-quality messages (4 metrics each, QoS 1)
 * through the real broker, from its own process so it does not share the server's JVM. Runs at a
 * fixed rate, or as fast as the broker acknowledges with {@code --rate 0}; each message carries its
 * publish time as {@code ts}, so the server's commit time minus {@code ts} is the end-to-end
 * latency. Prints one JSON line per run: {@code {"published":N,"failed":N,"seconds":S}} (published
 * = acknowledged by the broker).
 *
 * <p>With {@code --serve} it connects once and then takes runs from standard input, one line each
 * ({@code MESSAGES_PER_S SECONDS}), answering each with its JSON line, until input ends. A
 * benchmark steps its rate this way with one warm JVM and the same connections: a fresh generator
 * per step spends its first seconds compiling, on the two cores the node under test also runs on.
 *
 * <pre>java -cp ioc.jar vn.cantho.ioc.sim.LoadGenerator --broker tcp://127.0.0.1:1883
 *     --devices 10000 --rate 0 --seconds 30 [--connections 8] [--prefix bench-] [--serve]</pre>
 */
public final class LoadGenerator implements AutoCloseable {
  /** Unacknowledged publishes per connection. */
  private static final int IN_FLIGHT = 200;

  /**
   * The values part of the payload cycles through 100 variants, formatted once: the generator's own
   * CPU is charged to the same two cores as the system under test.
   */
  /**
   * The shortest pause of a paced lane. Woken for each message, with a write of its own, a lane at
   * 900 messages/s spent more CPU than at full speed, where messages share writes (the generator
   * took 0.28 of the bench machine's two cores at half the sustained rate, 0.22 at the full rate):
   * CPU the node under test did not get. 5 ms spreads a lane's messages over 200 writes a second;
   * each message is still stamped when it is written.
   */
  private static final long PACING_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private static final byte[][] VALUES = valueVariants();

  private static final byte[] TS_PREFIX = "{\"ts\":\"".getBytes(StandardCharsets.US_ASCII);

  private final List<Lane> lanes;

  private LoadGenerator(List<Lane> lanes) {
    this.lanes = lanes;
  }

  public static void main(String[] args) throws Exception {
    String broker = arg(args, "--broker", "tcp://127.0.0.1:1883");
    int devices = Integer.parseInt(arg(args, "--devices", "10000"));
    int connections = Integer.parseInt(arg(args, "--connections", "8"));
    String prefix = arg(args, "--prefix", "bench-");
    String idFormat = "%0" + arg(args, "--digits", "5") + "d";
    try (LoadGenerator generator = connect(broker, devices, connections, prefix, idFormat)) {
      if (Arrays.asList(args).contains("--serve")) {
        BufferedReader commands =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
          String[] run = line.trim().split("\\s+");
          System.out.println(
              generator.run(Double.parseDouble(run[0]), Integer.parseInt(run[1])).json());
          System.out.flush();
        }
      } else {
        double rate = Double.parseDouble(arg(args, "--rate", "0"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        System.out.println(generator.run(rate, seconds).json());
      }
    }
  }

  /** One connection per lane; the devices are dealt to the lanes in turn. */
  static LoadGenerator connect(
      String broker, int devices, int connections, String prefix, String idFormat)
      throws IOException {
    List<Lane> lanes = new ArrayList<>();
    try {
      for (int lane = 0; lane < connections; lane++) {
        String clientId = "load-" + lane + "-" + ProcessHandle.current().pid();
        lanes.add(
            new Lane(
                laneTopics(lane, connections, devices, prefix, idFormat),
                PipelinedPublisher.connect(broker, clientId, IN_FLIGHT)));
      }
    } catch (IOException e) {
      lanes.forEach(Lane::close);
      throw e;
    }
    return new LoadGenerator(lanes);
  }

  /** What one run published (acknowledged), failed to publish, and for how long. */
  record Run(long published, long failed, double seconds) {
    String json() {
      return String.format(
          Locale.ROOT,
          "{\"published\":%d,\"failed\":%d,\"seconds\":%.3f}",
          published,
          failed,
          seconds);
    }
  }

  /** Publishes {@code messagesPerS} (0 = as fast as the broker acknowledges) for the given time. */
  Run run(double messagesPerS, int seconds) throws InterruptedException {
    AtomicLong published = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong publishingSince = new AtomicLong(Long.MAX_VALUE);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    double ratePerLane = messagesPerS / lanes.size();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) {
      Lane lane = lanes.get(i);
      Thread t =
          new Thread(
              () -> lane.run(ratePerLane, end, published, failed, publishingSince), "load-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    // From the first lane's first publish to the last acknowledgement.
    double elapsed = (System.nanoTime() - publishingSince.get()) / 1e9;
    return new Run(published.get(), failed.get(), Math.max(0, elapsed));
  }

  @Override
  public void close() {
    lanes.forEach(Lane::close);
  }

  /** One connection and its share of the devices, kept from run to run. */
  private static final class Lane {
    private final byte[][] topics;
    private final PipelinedPublisher publisher;

    /** Every message this lane sent, over all runs: it picks the next device and payload. */
    private long sent;

    /** Set when the connection failed; later runs count everything as failed without trying. */
    private boolean broken;

    Lane(byte[][] topics, PipelinedPublisher publisher) {
      this.topics = topics;
      this.publisher = publisher;
    }

    void run(
        double rate,
        long end,
        AtomicLong published,
        AtomicLong failed,
        AtomicLong publishingSince) {
      long acknowledgedBefore = publisher.acknowledged();
      long start = System.nanoTime();
      publishingSince.accumulateAndGet(start, Math::min);
      long sentInRun = 0;
      try {
        while (!broken && System.nanoTime() < end) {
          if (rate > 0) {
            long wait = start + (long) (sentInRun * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
              publisher.flush();
              // At least a tick: then what fell due meanwhile goes out in one write.
              TimeUnit.NANOSECONDS.sleep(Math.max(wait, PACING_TICK_NANOS));
            }
          }
          publisher.publish(topics[(int) (sent % topics.length)], payload(Instant.now(), sent));
          sent++;
          sentInRun++;
        }
        if (!broken) {
          publisher.awaitAcks();
          published.addAndGet(publisher.acknowledged() - acknowledgedBefore);
          return;
        }
      } catch (IOException e) {
        broken = true;
        System.err.println("load lane failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      failed.addAndGet(Math.max(1, sentInRun));
    }

    void close() {
      try {
        publisher.close();
      } catch (IOException e) {
        System.err.println("load lane close: " + e);
      }
    }
  }

  /** This lane's devices (every {@code lanes}-th one), topics built once: not per message. */
  private static byte[][] laneTopics(
      int lane, int lanes, int devices, String prefix, String idFormat) {
    List<byte[]> topics = new ArrayList<>();
    for (int device = lane; device < devices; device += lanes) {
      String id = prefix + String.format(Locale.ROOT, idFormat, device + 1);
      topics.add(("cantho/v1/water/" + id + "/up").getBytes(StandardCharsets.UTF_8));
    }
    return topics.toArray(byte[][]::new);
  }

  /**
   * Four water metrics that no step of the pipeline derives anything from (DO gives the dawn
   * projection and a rate, pH the daily swing, salinity a rate, TAN the un-ionised ammonia): the
   * benchmark counts what it published against what was stored, at any hour of the day.
   */
  private static byte[][] valueVariants() {
    byte[][] variants = new byte[100][];
    for (int n = 0; n < variants.length; n++) {
      double wobble = n / 100.0;
      variants[n] =
          ("\",\"values\":{\"temp\":"
                  + (28 + wobble)
                  + ",\"turbidity\":"
                  + (20 + wobble)
                  + ",\"no2\":"
                  + (0.05 + wobble / 100)
                  + ",\"level\":"
                  + (1.2 + wobble / 10)
                  + "}}")
              .getBytes(StandardCharsets.US_ASCII);
    }
    return variants;
  }

  static byte[] payload(Instant now, long n) {
    byte[] ts = now.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] values = VALUES[(int) (n % VALUES.length)];
    byte[] payload = new byte[TS_PREFIX.length + ts.length + values.length];
    System.arraycopy(TS_PREFIX, 0, payload, 0, TS_PREFIX.length);
    System.arraycopy(ts, 0, payload, TS_PREFIX.length, ts.length);
    System.arraycopy(values, 0, payload, TS_PREFIX.length + ts.length, values.length);
    return payload;
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
