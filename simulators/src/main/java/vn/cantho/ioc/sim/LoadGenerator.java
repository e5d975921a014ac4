package vn.cantho.ioc.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The benchmark's load: many devices publishing water-quality messages (4 metrics each, QoS 1)
 * through the real broker, from its own process so it does not share the server's JVM. Runs at a
 * fixed rate, or as fast as the broker acknowledges with {@code --rate 0}; each message carries its
 * publish time as {@code ts}, so the server's commit time minus {@code ts} is the end-to-end
 * latency. Prints one JSON line: {@code {"published":N,"failed":N}} (published = acknowledged by
 * the broker).
 *
 * <pre>java -cp ioc.jar vn.cantho.ioc.sim.LoadGenerator --broker tcp://127.0.0.1:1883
 *     --devices 10000 --rate 0 --seconds 30 [--connections 8] [--prefix bench-]</pre>
 */
public final class LoadGenerator {
  /** Unacknowledged publishes per connection: HiveMQ's default server receive maximum is 10. */
  private static final int IN_FLIGHT = 10;

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
                      failed);
                } catch (MqttException | InterruptedException e) {
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
    System.out.println("{\"published\":" + published.get() + ",\"failed\":" + failed.get() + "}");
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
      AtomicLong failed)
      throws MqttException, InterruptedException {
    MqttAsyncClient client =
        new MqttAsyncClient(
            broker, "load-" + lane + "-" + ProcessHandle.current().pid(), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(30_000);
    Semaphore window = new Semaphore(IN_FLIGHT);
    MqttActionListener acked =
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            published.incrementAndGet();
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failed.incrementAndGet();
            window.release();
          }
        };
    long sent = 0;
    long start = System.nanoTime();
    int device = lane;
    while (System.nanoTime() < end) {
      if (ratePerLane > 0) {
        long due = start + (long) (sent * 1e9 / ratePerLane);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
      window.acquire();
      String id = prefix + String.format(Locale.ROOT, idFormat, device + 1);
      MqttMessage message =
          new MqttMessage(payload(Instant.now(), sent).getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      client.publish("cantho/v1/water/" + id + "/up", message, null, acked);
      sent++;
      device += lanes;
      if (device >= devices) {
        device = lane;
      }
    }
    window.acquire(IN_FLIGHT); // every publish acknowledged or failed
    client.disconnect().waitForCompletion(10_000);
    client.close();
  }

  private static String payload(Instant now, long n) {
    double wobble = (n % 100) / 100.0;
    return "{\"ts\":\""
        + now
        + "\",\"values\":{\"do\":"
        + (5 + wobble)
        + ",\"ph\":"
        + (7.5 + wobble / 10)
        + ",\"temp\":"
        + (28 + wobble)
        + ",\"salinity\":"
        + (0.5 + wobble / 10)
        + "}}";
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
