package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated streetlights against a real broker, commanded by a client playing the node. */
class LightCommandsTest {
  /** Noon in Can Tho: the schedule keeps every lamp off, so only a command can light one. */
  private static final Instant NOON = Instant.parse("2026-11-23T05:00:00Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LATE = Duration.ofSeconds(2);
  private static final CommandBehaviour BEHAVIOUR =
      new CommandBehaviour(11, 0.25, 0.25, LATE, Set.of());

  @TempDir static Path brokerDir;
  private static EmbeddedBroker broker;
  private static SimulatorFleet fleet;
  private static MqttClient node;
  private static final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  private static String prompt;
  private static String promptToo;
  private static String late;
  private static String never;
  private static String offline;

  /** Answers promptly; a command to it shows that the lane has dealt with earlier ones. */
  private static String witness;

  private record Received(String topic, JsonNode payload, byte[] correlation, long atNanos) {}

  @BeforeAll
  static void startBrokerFleetAndNode() throws Exception {
    broker = EmbeddedBroker.start(brokerDir);
    List<String> ids = IntStream.rangeClosed(8001, 8100).mapToObj(n -> "sl-" + n).toList();
    prompt = firstWith(ids, CommandBehaviour.Answer.PROMPTLY, 0);
    promptToo = firstWith(ids, CommandBehaviour.Answer.PROMPTLY, 1);
    late = firstWith(ids, CommandBehaviour.Answer.LATE, 0);
    never = firstWith(ids, CommandBehaviour.Answer.NEVER, 0);
    offline = firstWith(ids, CommandBehaviour.Answer.PROMPTLY, 2);

    witness = firstWith(ids, CommandBehaviour.Answer.PROMPTLY, 3);

    List<SimDevice> lamps = new ArrayList<>();
    for (String id : List.of(prompt, promptToo, late, never, offline, witness)) {
      // Hourly reports: after the first, scheduled one, whatever a lamp reports a command caused.
      SimDevice lamp = Devices.lamp(id, 100, Map.of());
      lamps.add(
          new SimDevice(
              id, lamp.domain(), lamp.type(), lamp.name(), 105.78, 10.03, 3600, lamp.attributes()));
    }

    node = new MqttClient(broker.uri(), "node-under-test", new MemoryPersistence());
    node.connect();
    IMqttMessageListener listener =
        (topic, message) ->
            received.add(
                new Received(
                    topic,
                    JSON.readTree(new String(message.getPayload(), StandardCharsets.UTF_8)),
                    message.getProperties() == null
                        ? null
                        : message.getProperties().getCorrelationData(),
                    System.nanoTime()));
    node.subscribe(
            new MqttSubscription[] {
              new MqttSubscription("cantho/v1/+/+/reply", 1),
              new MqttSubscription("cantho/v1/+/+/up", 1)
            },
            new IMqttMessageListener[] {listener, listener})
        .waitForCompletion(5_000);

    fleet =
        new SimulatorFleet(
            FleetConfig.defaults(broker.uri())
                .withConnections(1)
                .withFirstPublishSpread(Duration.ZERO)
                .withClock(Clock.fixed(NOON, ZoneOffset.UTC))
                .withCommands(BEHAVIOUR.withOffline(Set.of(offline))),
            lamps);
    fleet.start();
    await().atMost(Duration.ofSeconds(15)).until(() -> fleet.commandSubscriptions() == 5);
    // Every online lamp's first, scheduled report: off at noon.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> uplinks(prompt).size() + uplinks(never).size() >= 2);
  }

  @AfterAll
  static void stop() throws Exception {
    fleet.close();
    node.disconnect();
    node.close();
    broker.close();
  }

  @Test
  void aLampAcknowledgesASetCommandAndReportsItsNewLevelAtOnce() throws Exception {
    byte[] commandId = send(prompt, "set", "{\"state\":1,\"dim\":70}");

    Received reply = awaitReply(prompt, commandId);
    assertThat(reply.payload().toString()).isEqualTo("{\"status\":\"acknowledged\"}");

    Received report =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> uplinks(prompt).stream().filter(r -> dim(r) == 70).findFirst(),
                Optional::isPresent)
            .orElseThrow();
    JsonNode values = report.payload().get("values");
    assertThat(values.get("state").asInt()).isEqualTo(1);
    assertThat(values.get("power").asDouble()).isCloseTo(70.0, within(2.5));
    assertThat(Instant.parse(report.payload().get("ts").asText())).isEqualTo(NOON);
    assertThat(fleet.commandedLevel(prompt)).contains(new LightLevel(true, 70));
  }

  @Test
  void badParametersAndUnknownActionsAreRejectedAndChangeNothing() throws Exception {
    byte[] outOfRange = send(promptToo, "set", "{\"state\":1,\"dim\":150}");
    byte[] badState = send(promptToo, "set", "{\"state\":2,\"dim\":50}");
    byte[] unknown = send(promptToo, "reboot", "{}");

    assertThat(awaitReply(promptToo, outOfRange).payload().toString())
        .isEqualTo("{\"status\":\"rejected\",\"detail\":\"dim out of range\"}");
    assertThat(awaitReply(promptToo, badState).payload().get("status").asText())
        .isEqualTo("rejected");
    assertThat(awaitReply(promptToo, unknown).payload().get("detail").asText())
        .isEqualTo("unknown action: reboot");
    assertThat(fleet.commandedLevel(promptToo)).isEmpty();
  }

  @Test
  void aLampThatNeverAnswersNeitherAnswersNorApplies() throws Exception {
    long unansweredBefore = fleet.commandsUnanswered();
    byte[] ignored = send(never, "set", "{\"state\":1,\"dim\":40}");
    // One lane thread handles commands in order: once a later command to another lamp on the
    // same connection is answered, the first one has been dealt with.
    byte[] later = send(witness, "set", "{\"state\":0,\"dim\":0}");
    awaitReply(witness, later);

    assertThat(fleet.commandsUnanswered()).isGreaterThan(unansweredBefore);
    assertThat(replies(never, ignored)).isEmpty();
    assertThat(fleet.commandedLevel(never)).isEmpty();
    assertThat(uplinks(never)).allSatisfy(r -> assertThat(dim(r)).isZero());
  }

  @Test
  void aLateLampAnswersAfterItsDelay() throws Exception {
    long sentAt = System.nanoTime();
    byte[] commandId = send(late, "set", "{\"state\":1,\"dim\":30}");

    Received reply = awaitReply(late, commandId);
    assertThat(reply.payload().get("status").asText()).isEqualTo("acknowledged");
    assertThat(Duration.ofNanos(reply.atNanos() - sentAt)).isGreaterThanOrEqualTo(LATE);
  }

  @Test
  void anOfflineLampNeitherSubscribesNorReports() throws Exception {
    byte[] commandId = send(offline, "set", "{\"state\":1,\"dim\":100}");
    byte[] later = send(witness, "set", "{\"state\":0,\"dim\":0}");
    awaitReply(witness, later);

    assertThat(replies(offline, commandId)).isEmpty();
    assertThat(uplinks(offline)).isEmpty();
    assertThat(fleet.commandSubscriptions()).isEqualTo(5);
  }

  @Test
  void whichLampsMisbehaveIsReproducibleAndAboutTheConfiguredShare() {
    CommandBehaviour defaults = CommandBehaviour.defaults();
    List<CommandBehaviour.Answer> answers =
        IntStream.rangeClosed(1, 20_000)
            .mapToObj(n -> defaults.answerOf(DeviceDomain.LIGHTING.deviceId(n)))
            .toList();

    assertThat(answers.stream().filter(a -> a == CommandBehaviour.Answer.NEVER).count())
        .isBetween(70L, 130L);
    assertThat(answers.stream().filter(a -> a == CommandBehaviour.Answer.LATE).count())
        .isBetween(70L, 130L);
    assertThat(CommandBehaviour.defaults().answerOf("sl-0042"))
        .isEqualTo(defaults.answerOf("sl-0042"));
  }

  private static String firstWith(List<String> ids, CommandBehaviour.Answer answer, int skip) {
    return ids.stream()
        .filter(id -> BEHAVIOUR.answerOf(id) == answer)
        .skip(skip)
        .findFirst()
        .orElseThrow();
  }

  /** Publishes a command as the node does; returns its correlation data. */
  private static byte[] send(String lampId, String action, String params) throws Exception {
    String id = UUID.randomUUID().toString();
    String payload =
        "{\"id\":\"" + id + "\",\"action\":\"" + action + "\",\"params\":" + params + "}";
    MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    message.setQos(1);
    MqttProperties properties = new MqttProperties();
    byte[] correlation = id.getBytes(StandardCharsets.UTF_8);
    properties.setCorrelationData(correlation);
    properties.setResponseTopic("cantho/v1/lighting/" + lampId + "/reply");
    properties.setContentType("application/json");
    message.setProperties(properties);
    node.publish("cantho/v1/lighting/" + lampId + "/down", message);
    return correlation;
  }

  private static Received awaitReply(String lampId, byte[] correlation) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> replies(lampId, correlation), list -> !list.isEmpty())
        .get(0);
  }

  private static List<Received> replies(String lampId, byte[] correlation) {
    String topic = "cantho/v1/lighting/" + lampId + "/reply";
    return received.stream()
        .filter(r -> r.topic().equals(topic))
        .filter(r -> Arrays.equals(r.correlation(), correlation))
        .toList();
  }

  private static List<Received> uplinks(String lampId) {
    String topic = "cantho/v1/lighting/" + lampId + "/up";
    return received.stream().filter(r -> r.topic().equals(topic)).toList();
  }

  private static double dim(Received uplink) {
    return uplink.payload().get("values").get("dim").asDouble();
  }
}
