package vn.cantho.ioc.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command side of the simulated streetlights (docs/commands.md). A lamp that accepts a {@code
 * set} burns at the commanded level from then on instead of its astronomical schedule, answers
 * {@code {"status":"acknowledged"}} on the command's Response Topic with its Correlation Data, and
 * reports its new state at once; bad parameters or an unknown action are answered {@code rejected}.
 * Some lamps answer late or never ({@link CommandBehaviour}); one that never answers does not apply
 * the command either.
 *
 * <p>Runs on the lane thread of the lamp's connection, so its publications are synchronous there
 * and never on Paho's callback thread.
 */
final class LightCommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LightCommandHandler.class);
  private static final JsonMapper JSON = new JsonMapper();

  static final String SET = "set";

  private final CommandBehaviour behaviour;
  private final BiConsumer<SimDevice, MqttLane> uplink;
  private final Map<String, LightLevel> commanded = new ConcurrentHashMap<>();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder unanswered = new LongAdder();

  /**
   * @param uplink publishes one reading of a device on a lane, as its periodic schedule does
   */
  LightCommandHandler(CommandBehaviour behaviour, BiConsumer<SimDevice, MqttLane> uplink) {
    this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    this.uplink = Objects.requireNonNull(uplink, "uplink");
  }

  /** The level a command set for this lamp, or empty while it follows its schedule. */
  Optional<LightLevel> commandedLevel(String deviceId) {
    return Optional.ofNullable(commanded.get(deviceId));
  }

  long acknowledged() {
    return acknowledged.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  /** Commands the lamps' {@link CommandBehaviour} made them ignore. */
  long unanswered() {
    return unanswered.sum();
  }

  /** A command arrived for {@code device}; called on {@code lane}'s thread. */
  void onCommand(MqttLane lane, SimDevice device, MqttMessage message) {
    switch (behaviour.answerOf(device.id())) {
      case NEVER -> {
        unanswered.increment();
        LOG.debug("{} ignores a command (simulated: never answers)", device.id());
      }
      case LATE -> {
        if (!lane.schedule(() -> answer(lane, device, message), behaviour.lateAnswerDelay())) {
          unanswered.increment();
        }
      }
      case PROMPTLY -> answer(lane, device, message);
    }
  }

  private void answer(MqttLane lane, SimDevice device, MqttMessage message) {
    MqttProperties properties = message.getProperties();
    byte[] correlation = properties == null ? null : properties.getCorrelationData();
    if (correlation == null || correlation.length == 0) {
      // Nobody could match an answer to a command: drop it, as the contract's devices do.
      unanswered.increment();
      LOG.warn("{}: command without correlation data ignored", device.id());
      return;
    }
    String responseTopic =
        properties.getResponseTopic() != null && !properties.getResponseTopic().isBlank()
            ? properties.getResponseTopic()
            : replyTopic(device);

    Decision decision = decide(message.getPayload());
    if (decision.level() != null) {
      commanded.put(device.id(), decision.level());
      acknowledged.increment();
      reply(lane, responseTopic, status("acknowledged", null), correlation, true);
      uplink.accept(device, lane);
    } else {
      rejected.increment();
      LOG.debug("{} rejects a command: {}", device.id(), decision.problem());
      reply(lane, responseTopic, status("rejected", decision.problem()), correlation, true);
    }
  }

  /**
   * Publishes an answer; a publish Paho refused (it sometimes counts a window as full that is not,
   * "too many publishes in progress") is tried once more a moment later, as a device's firmware
   * would, rather than leaving the command to time out.
   */
  private static void reply(
      MqttLane lane, String topic, byte[] payload, byte[] correlation, boolean retry) {
    if (!lane.publishReply(topic, payload, correlation) && retry) {
      var unused =
          lane.schedule(() -> reply(lane, topic, payload, correlation, false), REPLY_RETRY_DELAY);
    }
  }

  private static final java.time.Duration REPLY_RETRY_DELAY = java.time.Duration.ofMillis(200);

  /** A command's outcome: the level to burn at, or why not. */
  record Decision(LightLevel level, String problem) {}

  /** Checks a command payload: {@code {"action":"set","params":{"state":0|1,"dim":0–100}}}. */
  static Decision decide(byte[] payload) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (IOException e) {
      return new Decision(null, "payload is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new Decision(null, "payload is not a JSON object");
    }
    String action = root.path("action").asText("");
    if (!SET.equals(action)) {
      return new Decision(null, "unknown action: " + action);
    }
    JsonNode params = root.path("params");
    JsonNode state = params.path("state");
    JsonNode dim = params.path("dim");
    if (!state.isIntegralNumber() || (state.asInt() != 0 && state.asInt() != 1)) {
      return new Decision(null, "state must be 0 or 1");
    }
    if (!dim.isNumber()) {
      return new Decision(null, "dim missing or not a number");
    }
    double percent = dim.asDouble();
    if (!(percent >= 0 && percent <= 100)) {
      return new Decision(null, "dim out of range");
    }
    return new Decision(new LightLevel(state.asInt() == 1, percent), null);
  }

  static String replyTopic(SimDevice device) {
    return "cantho/v1/" + device.domain() + "/" + device.id() + "/reply";
  }

  private static byte[] status(String status, String detail) {
    ObjectNode node = JSON.createObjectNode();
    node.put("status", status);
    if (detail != null) {
      node.put("detail", detail);
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot happen for two strings", e);
    }
  }
}
