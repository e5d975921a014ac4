package vn.cantho.ioc.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of a benchmark's publisher, with a bounded window of publishes awaiting the
 * broker's PUBACK (the traffic and flood benches replay recorded days through it), and the wait for
 * a node's counter that benches use instead of a completion signal the node does not give.
 */
final class BenchLane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BenchLane.class);
  private static final Duration STALL = Duration.ofSeconds(60);

  private final MqttAsyncClient client;
  private final Semaphore window;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private BenchLane(MqttAsyncClient client, int inFlight) {
    this.client = client;
    this.window = new Semaphore(inFlight);
  }

  /**
   * @param inFlight publishes awaiting PUBACK at most: under any broker's receive maximum
   */
  static BenchLane connect(
      String uri, String username, String clientId, String secret, int inFlight) throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setUserName(username);
    options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
    client.connect(options).waitForCompletion(10_000);
    return new BenchLane(client, inFlight);
  }

  void publish(String topic, byte[] payload) throws Exception {
    check();
    window.acquire();
    MqttMessage message = new MqttMessage(payload);
    message.setQos(1);
    client.publish(
        topic,
        message,
        null,
        new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failure.compareAndSet(null, e);
            window.release();
          }
        });
  }

  /** Fails the run if a publish failed: a lost reading would change what the node decides. */
  void check() {
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a publish failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    } catch (Exception e) {
      LOG.warn("bench publisher did not close cleanly: {}", e.toString());
    }
  }

  /** A count that may need a query to read. */
  @FunctionalInterface
  interface Count {
    long get() throws Exception;
  }

  /** Until the count reaches {@code expected}; fails when it stands still for a minute. */
  static void awaitCount(Count count, long expected, String what) throws Exception {
    long last = -1;
    long lastChange = System.nanoTime();
    for (long now = count.get(); now < expected; now = count.get()) {
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > STALL.toNanos()) {
        throw new IllegalStateException(
            what + " stalled at " + now + " of " + expected + " readings");
      }
      // Polling a counter: the node gives no per-reading completion signal to wait on.
      TimeUnit.MICROSECONDS.sleep(200);
    }
  }
}
