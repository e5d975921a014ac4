package vn.cantho.ioc.sim;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection and the single thread that publishes for the devices assigned to it.
 *
 * <p>Publishing is synchronous on that thread, so at most one QoS 1 message is in flight per
 * connection: the broker's receive-maximum can never be exceeded, and a slow broker slows the lane
 * down instead of piling up unacknowledged messages.
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

  private final FleetConfig config;
  private final String clientId;
  private final MqttClient client;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile boolean closing;

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
    try {
      client.publish(topic, payload, QOS_AT_LEAST_ONCE, false);
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

  /** Logs connection changes; the messages a simulator receives are none of its business. */
  private final class ConnectionLogger implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
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
