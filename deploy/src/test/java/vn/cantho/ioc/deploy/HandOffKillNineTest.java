package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * The promise behind the embedded broker's hand-off (ADR 0026): an uplink a device was acknowledged
 * survives the process being killed before the node committed it. A broker in a process of its own
 * hands uplinks to a node that never commits; it is killed with SIGKILL after every PUBACK; the
 * next start hands exactly those uplinks, in order, to the node, and forgets them once committed.
 */
class HandOffKillNineTest {
  private static final int MESSAGES = 200;

  @Test
  void everyAcknowledgedUplinkIsHandedToTheNodeAfterAKill() throws Exception {
    Path home = TestDirs.create("ioc-handoff-kill9").resolve("broker");
    int port = DemoStack.freePort();
    Process broker =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StalledNode.class.getName(),
                home.toString(),
                Integer.toString(port))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> sent = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      MqttClient device =
          new MqttClient("tcp://127.0.0.1:" + port, "kill9-device", new MemoryPersistence());
      device.connect();
      for (int i = 0; i < MESSAGES; i++) {
        String payload =
            "{\"ts\":\"2026-12-07T00:00:" + (i % 60) + "Z\",\"values\":{\"do\":" + i + "}}";
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        device.publish("cantho/v1/water/kill9-" + i + "/up", message); // returns on PUBACK
        sent.add(payload);
      }
      device.disconnectForcibly(0, 1_000, false);
      device.close(true);
    } finally {
      broker.destroyForcibly().waitFor(); // SIGKILL: the node never committed any of them
    }

    List<String> handed = Collections.synchronizedList(new ArrayList<>());
    try (EmbeddedBroker again = EmbeddedBroker.start(home, DemoStack.freePort())) {
      again.handUplinksTo(
          (topic, payload) -> {
            handed.add(new String(payload, StandardCharsets.UTF_8));
            return Future.succeededFuture();
          });
      await().atMost(Duration.ofSeconds(30)).until(() -> handed.size() >= MESSAGES);
      assertThat(handed).containsExactlyElementsOf(sent);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> segments(home.resolve("uplinks")).isEmpty());
    }
  }

  private static List<Path> segments(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** A broker whose node takes uplinks and never commits them: killed, it leaves them all. */
  public static final class StalledNode {
    public static void main(String[] args) throws Exception {
      EmbeddedBroker broker = EmbeddedBroker.start(Path.of(args[0]), Integer.parseInt(args[1]));
      broker.handUplinksTo((topic, payload) -> Promise.<Void>promise().future());
      System.out.println("ready");
      System.out.flush();
      new CountDownLatch(1).await();
    }
  }
}
