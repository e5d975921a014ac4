package vn.cantho.ioc.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's load: many devices publishing water-quality messages (4 metrics each, QoS 1)
 * through the real broker, from its own process so it does not share the server's JVM. Runs at a
 * fixed rate, or as fast as the broker acknowledges with {@code --rate 0}; each message carries its
 * publish time as {@code ts}, so the server's commit time minus {@code ts} is the end-to-end
 * latency. Prints one JSON line: {@code {"published":N,"failed":N,"seconds":S}} (published =
 * acknowledged by the broker).
 *
 * <pre>java -cp ioc.jar vn.cantho.ioc.sim.LoadGenerator --broker tcp://127.0.0.1:1883
 *     --devices 10000 --rate 0 --seconds 30 [--connections 8] [--prefix bench-]</pre>
 */
public final class LoadGenerator {
  /** Unacknowledged publishes per connection. */
  private static final int IN_FLIGHT = 200;

  /**
   * The values part of the payload cycles through 100 variants, formatted once: the generator's own
   * CPU is charged to the same two cores as the system under test.
   */
  private static final byte[][] VALUES = valueVariants();

  private static final byte[] TS_PREFIX = "{\"ts\":\"".getBytes(StandardCharsets.US_ASCII);

  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    String broker = arg(args, "--broker", "tcp://127.0.0.1:1883");
    int devices = Integer.parseInt(arg(args, "--devices", "10000"));
    double rate = Double.parseDouble(arg(args, "--rate", "0"));
    int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
    int connections = Integer.parseInt(arg(args, "--connections", "8"));
    String prefix = arg(args, "--prefix", "bench-");
    String idFormat = "%0" + arg(args, "--digits", "5") + "d";
    AtomicLong published = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AtomicLong publishingSince = new AtomicLong(Long.MAX_VALUE);
    for (int c = 0; c < connections; c++) {
      int lane = c;
      Thread t =
          new Thread(
              () -> {
                try {
                  runLane(
                      broker,
                      lane,
                      connections,
                      devices,
                      rate / connections,
                      end,
                      prefix,
                      idFormat,
                      published,
                      failed,
                      publishingSince);
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              },
              "load-" + c);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    // From the first lane's first publish to the last acknowledgement.
    double elapsed = (System.nanoTime() - publishingSince.get()) / 1e9;
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"published\":%d,\"failed\":%d,\"seconds\":%.3f}",
            published.get(),
            failed.get(),
            elapsed));
  }

  private static void runLane(
      String broker,
      int lane,
      int lanes,
      int devices,
      double ratePerLane,
      long end,
      String prefix,
      String idFormat,
      AtomicLong published,
      AtomicLong failed,
      AtomicLong publishingSince)
      throws IOException, InterruptedException {
    byte[][] topics = laneTopics(lane, lanes, devices, prefix, idFormat);
    long sent = 0;
    try (PipelinedPublisher publisher =
        PipelinedPublisher.connect(
            broker, "load-" + lane + "-" + ProcessHandle.current().pid(), IN_FLIGHT)) {
      long start = System.nanoTime();
      publishingSince.accumulateAndGet(start, Math::min);
      while (System.nanoTime() < end) {
        if (ratePerLane > 0) {
          long wait = start + (long) (sent * 1e9 / ratePerLane) - System.nanoTime();
          if (wait > 0) {
            publisher.flush();
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        publisher.publish(topics[(int) (sent % topics.length)], payload(Instant.now(), sent));
        sent++;
      }
      publisher.awaitAcks();
      published.addAndGet(publisher.acknowledged());
    } catch (IOException e) {
      failed.addAndGet(sent);
      throw e;
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
