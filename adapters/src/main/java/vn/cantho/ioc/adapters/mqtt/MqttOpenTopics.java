package vn.cantho.ioc.adapters.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.feature.OpenTopics;

/**
 * The node's publisher on the broker's open topics ({@code v1.0/…}): a connection of its own
 * (client id {@code <node id>:open}, the node's credential), QoS 0, fed from a bounded queue by one
 * thread, so a caller on an event loop never waits and a slow broker costs dropped messages
 * (counted), never memory.
 */
public final class MqttOpenTopics implements OpenTopics, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttOpenTopics.class);
  static final int QUEUE = 10_000;

  private record Message(String topic, byte[] payload) {}

  private final MqttIngestConfig config;
  private final MqttAsyncClient client;
  private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private final Thread sender;
  private volatile boolean running = true;

  public MqttOpenTopics(MqttIngestConfig config) throws MqttException {
    this.config = config;
    String clientId =
        config.clientId().indexOf(TopicAcl.CLIENT_ID_SEPARATOR) < 0
            ? TopicAcl.clientId(config.clientId(), "open")
            : config.clientId() + "-open";
    this.client = new MqttAsyncClient(config.brokerUri(), clientId, new MemoryPersistence());
    this.sender = new Thread(this::send, "ioc-open-topics");
    this.sender.setDaemon(true);
  }

  /** Connects (waiting at most the given time) and starts sending what is queued. */
  public void start(long timeoutMs) throws MqttException {
    MqttConnectionOptions options = MqttIngestAdapter.connectionOptions(config);
    options.setCleanStart(true);
    client.connect(options).waitForCompletion(timeoutMs);
    sender.start();
  }

  @Override
  public boolean publish(String topic, String json) {
    if (!topic.startsWith(PREFIX) || topic.contains("+") || topic.contains("#")) {
      throw new IllegalArgumentException("not an open topic: " + topic);
    }
    boolean queued = queue.offer(new Message(topic, json.getBytes(StandardCharsets.UTF_8)));
    if (!queued) {
      dropped.incrementAndGet();
    }
    return queued;
  }

  /** Messages not sent: the queue was full, or the broker away. */
  public long dropped() {
    return dropped.get();
  }

  private void send() {
    while (running) {
      Message m;
      try {
        m = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (m == null) {
        continue;
      }
      if (!client.isConnected()) {
        dropped.incrementAndGet();
        continue;
      }
      try {
        MqttMessage message = new MqttMessage(m.payload());
        message.setQos(0);
        client.publish(m.topic(), message).waitForCompletion(10_000);
      } catch (MqttException e) {
        dropped.incrementAndGet();
        LOG.debug("Open-topic publish to {} failed", m.topic(), e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sender.interrupt();
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
      client.close();
    } catch (MqttException e) {
      LOG.warn("Closing the open-topics connection failed", e);
    }
  }
}
