package vn.cantho.ioc.sim;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection and the single thread that publishes for the devices assigned to it.
 *
 * <p>Publishing is synchronous on that thread, so at most one QoS 1 message is in flight per
 * connection: the broker's receive-maximum can never be exceeded, and a slow broker slows the lane
 * down instead of piling up unacknowledged messages.
 *
 * <p>A lane also listens for the commands to the streetlights it publishes for: one QoS 1
 * subscription per lamp to {@code cantho/v1/lighting/{id}/down}, sent in SUBSCRIBE packets of at
 * most {@value #MAX_SUBSCRIBE_BYTES} bytes of filters, renewed after every reconnect (the session
 * starts clean). Paho's callback thread only hands a command over to the lane's thread, where it is
 * answered, so a synchronous publish never blocks the receiving side of the connection.
 */
final class MqttLane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttLane.class);

  private static final int QOS_AT_LEAST_ONCE = 1;
  private static final long PUBLISH_TIMEOUT_MS = 10_000;
  private static final int CONNECT_TIMEOUT_S = 10;
  private static final int KEEP_ALIVE_S = 30;
  private static final int MAX_RECONNECT_DELAY_S = 30;
  // Shorter than Paho's cap: at start-up the broker is often just a few seconds late.
  private static final int MAX_FIRST_CONNECT_DELAY_S = 10;
  private static final long CLOSE_TIMEOUT_MS = 5_000;

  /** Filter bytes per SUBSCRIBE packet: well under the broker's 65 KiB packet limit. */
  static final int MAX_SUBSCRIBE_BYTES = 16 * 1024;

  private static final long RESUBSCRIBE_DELAY_S = 5;

  /** Receives a command addressed to one of this lane's lamps, on the lane's thread. */
  interface CommandListener {
    void onCommand(SimDevice device, MqttMessage message);
  }

  private final FleetConfig config;
  private final String clientId;
  private final MqttClient client;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile boolean closing;
  // Written once before connect(), read on the lane's and Paho's threads afterwards.
  private volatile Map<String, SimDevice> byDownTopic = Map.of();
  private volatile CommandListener commandListener;
  private volatile int commandSubscriptions;

  MqttLane(FleetConfig config, int number) throws MqttException {
    this.config = config;
    this.clientId = config.clientId(number);
    // Memory persistence: the default file persistence would litter the working directory, and a
    // simulator has nothing worth keeping across restarts.
    this.client = new MqttClient(config.brokerUri(), clientId, new MemoryPersistence());
    this.client.setTimeToWait(PUBLISH_TIMEOUT_MS);
    this.client.setCallback(new ConnectionLogger());
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "sim-lane-" + clientId);
              t.setDaemon(true);
              return t;
            });
  }

  /** Topic on which the node sends commands to a device: {@code cantho/v1/{domain}/{id}/down}. */
  static String downTopic(SimDevice device) {
    return "cantho/v1/" + device.domain() + "/" + device.id() + "/down";
  }

  /**
   * Subscribes, once connected, to the command topics of these devices and hands every command to
   * the listener on this lane's thread. Call before {@link #connect()}.
   */
  void listenForCommands(List<SimDevice> devices, CommandListener listener) {
    Map<String, SimDevice> topics = new LinkedHashMap<>();
    devices.forEach(d -> topics.put(downTopic(d), d));
    this.commandListener = listener;
    this.byDownTopic = Map.copyOf(topics);
  }

  /** Subscribes to every command topic, in packets of bounded size. Runs on the lane's thread. */
  private void subscribeToCommands() {
    Map<String, SimDevice> topics = byDownTopic;
    if (closing || topics.isEmpty() || !client.isConnected()) {
      return;
    }
    IMqttMessageListener listener = this::commandArrived;
    List<MqttSubscription> batch = new ArrayList<>();
    int batchBytes = 0;
    int refused = 0;
    try {
      for (String topic : topics.keySet()) {
        // a filter costs its UTF-8 length, a 2-byte length prefix and an options byte
        int bytes = topic.getBytes(StandardCharsets.UTF_8).length + 3;
        if (!batch.isEmpty() && batchBytes + bytes > MAX_SUBSCRIBE_BYTES) {
          refused += subscribe(batch, listener);
          batch.clear();
          batchBytes = 0;
        }
        batch.add(new MqttSubscription(topic, QOS_AT_LEAST_ONCE));
        batchBytes += bytes;
      }
      refused += subscribe(batch, listener);
      commandSubscriptions = topics.size() - refused;
      if (refused > 0) {
        LOG.warn(
            "{}: the broker refused {} of {} command subscriptions",
            clientId,
            refused,
            topics.size());
      } else {
        LOG.debug("{} listening for commands to {} device(s)", clientId, topics.size());
      }
    } catch (MqttException | RuntimeException e) {
      if (closing) {
        return;
      }
      LOG.warn("{} cannot subscribe to its command topics ({}); retrying", clientId, e.toString());
      try {
        var unused =
            thread.schedule(this::subscribeToCommands, RESUBSCRIBE_DELAY_S, TimeUnit.SECONDS);
      } catch (RejectedExecutionException closedMeanwhile) {
        // closing
      }
    }
  }

  /** One SUBSCRIBE packet; returns how many of its filters the broker refused. */
  private int subscribe(List<MqttSubscription> batch, IMqttMessageListener listener)
      throws MqttException {
    IMqttMessageListener[] listeners = new IMqttMessageListener[batch.size()];
    Arrays.fill(listeners, listener);
    // Not subscribe(topic, qos, listener): in Paho 1.2.5 that overload recurses forever.
    IMqttToken token = client.subscribe(batch.toArray(MqttSubscription[]::new), listeners);
    int refused = 0;
    int[] codes = token.getReasonCodes();
    if (codes != null) {
      for (int code : codes) {
        if (code >= 0x80) {
          refused++;
        }
      }
    }
    return refused;
  }

  /** On Paho's callback thread: hand over and return at once. */
  private void commandArrived(String topic, MqttMessage message) {
    SimDevice device = byDownTopic.get(topic);
    CommandListener listener = commandListener;
    if (device == null || listener == null || closing) {
      return;
    }
    try {
      thread.execute(
          () -> {
            try {
              listener.onCommand(device, message);
            } catch (RuntimeException e) {
              LOG.error("{}: cannot handle a command", device.id(), e);
            }
          });
    } catch (RejectedExecutionException closedMeanwhile) {
      // closing: the command goes unanswered, as with a device switched off
    }
  }

  /**
   * Connects in the background. Paho's automatic reconnect only covers a connection that was up and
   * dropped; until the first connection succeeds, this lane retries itself, with back-off.
   */
  void connect() {
    thread.execute(() -> connectOrRetry(1));
  }

  private void connectOrRetry(int attempt) {
    if (closing || client.isConnected()) {
      return;
    }
    try {
      client.connect(options());
      LOG.info("{} connected to {}", clientId, config.brokerUri());
    } catch (MqttException | RuntimeException e) {
      if (closing) {
        return;
      }
      long delayS = Math.min(MAX_FIRST_CONNECT_DELAY_S, 1L << Math.min(attempt - 1, 4));
      if (attempt == 1) {
        LOG.warn(
            "{} cannot connect to {} ({}); retrying in the background",
            clientId,
            config.brokerUri(),
            e.toString());
      } else {
        LOG.debug("{} connect attempt {} failed: {}", clientId, attempt, e.toString());
      }
      try {
        var unused = thread.schedule(() -> connectOrRetry(attempt + 1), delayS, TimeUnit.SECONDS);
      } catch (RejectedExecutionException closedMeanwhile) {
        // close() won the race; nothing left to retry for
      }
    }
  }

  private MqttConnectionOptions options() {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setAutomaticReconnect(true);
    options.setAutomaticReconnectDelay(1, MAX_RECONNECT_DELAY_S);
    options.setConnectionTimeout(CONNECT_TIMEOUT_S);
    options.setKeepAliveInterval(KEEP_ALIVE_S);
    if (config.username() != null) {
      options.setUserName(config.username());
    }
    char[] password = config.password();
    if (password != null) {
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
      byte[] raw = new byte[bytes.remaining()];
      bytes.get(raw);
      options.setPassword(raw);
      Arrays.fill(password, '\0');
    }
    return options;
  }

  /** Runs a task on this lane's thread, first after the delay, then at a fixed rate. */
  ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelayMs, long periodMs) {
    return thread.scheduleAtFixedRate(task, initialDelayMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Publishes with QoS 1 and waits for the broker's acknowledgement. Returns false instead of
   * throwing, so that one failed message never cancels a device's schedule. Logs the first failure
   * of an outage, not every message of it.
   */
  boolean publish(String topic, byte[] payload) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(QOS_AT_LEAST_ONCE);
    return publish(topic, message);
  }

  /**
   * Publishes an answer to a command: QoS 1, the command's correlation data, JSON content type.
   * Same failure handling as {@link #publish(String, byte[])}.
   */
  boolean publishReply(String topic, byte[] payload, byte[] correlationData) {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(QOS_AT_LEAST_ONCE);
    MqttProperties properties = new MqttProperties();
    properties.setCorrelationData(correlationData);
    properties.setContentType("application/json");
    message.setProperties(properties);
    return publish(topic, message);
  }

  /** Runs a task once on this lane's thread after the delay; false if the lane is closed. */
  boolean schedule(Runnable task, Duration delay) {
    try {
      var unused = thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  private boolean publish(String topic, MqttMessage message) {
    try {
      client.publish(topic, message);
      if (failing.compareAndSet(true, false)) {
        LOG.info("{} publishing again", clientId);
      }
      return true;
    } catch (MqttException e) {
      if (!closing && failing.compareAndSet(false, true)) {
        LOG.warn("{} cannot publish ({}); counting failures until it can", clientId, e.toString());
      } else {
        LOG.debug("{} publish to {} failed: {}", clientId, topic, e.toString());
      }
      return false;
    }
  }

  /** Command topics the broker granted since the last (re)connection. */
  int commandSubscriptions() {
    return client.isConnected() ? commandSubscriptions : 0;
  }

  boolean isConnected() {
    return client.isConnected();
  }

  /** Stops the schedule first, so nothing publishes on a connection being torn down. */
  @Override
  public void close() {
    closing = true;
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: publishing thread did not stop in time", clientId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (client.isConnected()) {
        client.disconnect(CLOSE_TIMEOUT_MS);
      }
    } catch (MqttException e) {
      LOG.debug("{} disconnect: {}", clientId, e.toString());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("{} close: {}", clientId, e.toString());
    }
  }

  /**
   * Logs connection changes and renews the command subscriptions after each (re)connection: the
   * session starts clean, so the broker has forgotten them. Commands themselves arrive through the
   * subscriptions' listener.
   */
  private final class ConnectionLogger implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      commandSubscriptions = 0;
      if (!closing) {
        String reason =
            response.getException() != null
                ? response.getException().toString()
                : "reason code " + response.getReturnCode();
        LOG.warn("{} lost its connection ({}); reconnecting", clientId, reason);
      }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      if (reconnect) {
        LOG.info("{} reconnected to {}", clientId, serverUri);
      }
      try {
        thread.execute(MqttLane.this::subscribeToCommands);
      } catch (RejectedExecutionException closedMeanwhile) {
        // closing
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("{} MQTT error: {}", clientId, exception.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
