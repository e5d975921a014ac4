package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker forgets a clean session's subscriptions; the lamps must subscribe again. */
class LightCommandsReconnectTest {
  @TempDir Path dir;

  @Test
  void aLampStillObeysCommandsAfterTheBrokerRestarted() throws Exception {
    int port = EmbeddedBroker.freePort();
    SimDevice lamp = Devices.lamp("sl-7001", 100, Map.of());
    EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("first"), port);
    try (SimulatorFleet fleet =
        new SimulatorFleet(
            FleetConfig.defaults(broker.uri())
                .withConnections(1)
                .withCommands(CommandBehaviour.alwaysPrompt()),
            List.of(lamp))) {
      fleet.start();
      await().atMost(Duration.ofSeconds(15)).until(() -> fleet.commandSubscriptions() == 1);

      broker.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> fleet.commandSubscriptions() == 0);
      broker = EmbeddedBroker.start(dir.resolve("second"), port);
      await().atMost(Duration.ofSeconds(40)).until(() -> fleet.commandSubscriptions() == 1);

      MqttClient node = new MqttClient(broker.uri(), "node-after-restart", new MemoryPersistence());
      node.connect();
      CompletableFuture<String> answer = new CompletableFuture<>();
      IMqttMessageListener listener =
          (topic, message) ->
              answer.complete(new String(message.getPayload(), StandardCharsets.UTF_8));
      node.subscribe(
              new MqttSubscription[] {new MqttSubscription("cantho/v1/lighting/sl-7001/reply", 1)},
              new IMqttMessageListener[] {listener})
          .waitForCompletion(5_000);
      MqttMessage command =
          new MqttMessage(
              "{\"id\":\"c-1\",\"action\":\"set\",\"params\":{\"state\":1,\"dim\":20}}"
                  .getBytes(StandardCharsets.UTF_8));
      command.setQos(1);
      MqttProperties properties = new MqttProperties();
      properties.setCorrelationData("c-1".getBytes(StandardCharsets.UTF_8));
      properties.setResponseTopic("cantho/v1/lighting/sl-7001/reply");
      command.setProperties(properties);
      node.publish("cantho/v1/lighting/sl-7001/down", command);

      assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("{\"status\":\"acknowledged\"}");
      assertThat(fleet.commandedLevel("sl-7001")).contains(new LightLevel(true, 20));
      node.disconnect();
      node.close();
    } finally {
      broker.close();
    }
  }
}
