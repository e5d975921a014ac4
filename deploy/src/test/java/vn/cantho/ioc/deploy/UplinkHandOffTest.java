package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.device.Device;
import vn.cantho.ioc.core.device.Domain;

/**
 * The embedded broker hands uplinks straight to the node (ADR 0026); when it cannot, they take the
 * broker's queue to the node's MQTT session as before, and both ways store every reading once.
 */
@ExtendWith(TestStack.class)
class UplinkHandOffTest {
  private static final int MESSAGES = 20;
  private static DemoStack stack;
  private static EmbeddedBroker broker;
  private static Device probe;

  @BeforeAll
  static void start(DemoStack started) {
    stack = started;
    broker = (EmbeddedBroker) stack.broker();
    probe =
        TestStack.generated(stack)
            .filter(d -> d.domain().equals(Domain.of("water")))
            .skip(4)
            .findFirst()
            .orElseThrow();
  }

  @Test
  void uplinksTakeTheBrokerSessionWhileNoNodeIsAttachedAndTheHandOffAfter() throws Exception {
    UplinkHandOff handOff = broker.handOff();
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5_400);
    broker.handUplinksTo(null);
    try {
      long handed = handOff.handedOff();
      long queued = handOff.passedOn();
      publish(base, 0);
      await().atMost(Duration.ofSeconds(30)).until(() -> stored(base) == MESSAGES);
      assertThat(handOff.handedOff()).as("nothing handed off while detached").isEqualTo(handed);
      assertThat(handOff.passedOn() - queued).as("left to the broker's queue").isEqualTo(MESSAGES);
    } finally {
      broker.handUplinksTo(stack.server().uplinkIntake());
    }
    long handed = handOff.handedOff();
    publish(base, MESSAGES);
    await().atMost(Duration.ofSeconds(30)).until(() -> stored(base) == 2L * MESSAGES);
    assertThat(handOff.handedOff() - handed).isGreaterThanOrEqualTo(MESSAGES);
    assertThat(distinctStored(base)).isEqualTo(2L * MESSAGES);
  }

  private static void publish(Instant base, int from) throws Exception {
    MqttClient client =
        new MqttClient(
            stack.mqttUri(),
            TestAccess.gatewayClientId("handoff-" + from),
            new MemoryPersistence());
    client.connect(TestAccess.gatewayOptions(stack));
    try {
      for (int i = from; i < from + MESSAGES; i++) {
        MqttMessage m =
            new MqttMessage(
                ("{\"ts\":\"" + base.plusSeconds(i) + "\",\"values\":{\"do\":" + (5 + i % 3) + "}}")
                    .getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish("cantho/v1/water/" + probe.id() + "/up", m);
      }
    } finally {
      client.disconnect();
      client.close();
    }
  }

  private static long stored(Instant base) throws Exception {
    return count("count(*)", base);
  }

  private static long distinctStored(Instant base) throws Exception {
    return count("count(DISTINCT ts)", base);
  }

  private static long count(String what, Instant base) throws Exception {
    try (Connection c = stack.server().database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + what
                    + " FROM readings WHERE device_id = ? AND metric = 'do' AND ts >= ? AND ts < ?")) {
      ps.setString(1, probe.id());
      ps.setTimestamp(2, java.sql.Timestamp.from(base));
      ps.setTimestamp(3, java.sql.Timestamp.from(base.plusSeconds(2L * MESSAGES)));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
