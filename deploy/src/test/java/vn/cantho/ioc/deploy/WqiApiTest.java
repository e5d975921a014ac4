package vn.cantho.ioc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.cantho.ioc.core.auth.Role;
import vn.cantho.ioc.water.HourlyWqi;

/**
 * A river station's hour of readings, sent through the broker, becomes one VN_WQI value with its
 * class and Vietnamese label on the API, for those who may see the station.
 */
@ExtendWith(TestStack.class)
class WqiApiTest {
  @Test
  void aStationsHourBecomesAnIndexWithItsClassOnTheApi(DemoStack stack) throws Exception {
    String station = TestStack.CAI_KHE_PROBE.id();
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
    MqttClient gateway =
        new MqttClient(stack.mqttUri(), TestAccess.gatewayClientId("wqi"), new MemoryPersistence());
    gateway.connect(TestAccess.gatewayOptions(stack));
    try {
      String values =
          "{\"ph\":7.3,\"do\":6.4,\"temp\":29.5,\"tan\":0.2,\"no2\":0.03,\"cod\":11,\"coliform\":2400}";
      for (int m = 5; m < 60; m += 15) {
        MqttMessage message =
            new MqttMessage(
                ("{\"ts\":\"" + hour.plus(Duration.ofMinutes(m)) + "\",\"values\":" + values + "}")
                    .getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        gateway.publish("cantho/v1/water/" + station + "/up", message);
      }
    } finally {
      gateway.disconnect();
      gateway.close();
    }
    HourlyWqi wqi = new HourlyWqi(stack.server().database(), stack.server().registry());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> wqi.indexOf(station, hour).isPresent());
    assertThat(wqi.compute(hour)).isGreaterThanOrEqualTo(1);

    String path =
        "/api/v1/devices/"
            + station
            + "/wqi?from="
            + hour.minus(Duration.ofHours(1))
            + "&to="
            + hour.plus(Duration.ofHours(1));
    JsonNode items = TestAccess.api(stack, Role.CITY_OPERATOR).get(path).path("items");
    assertThat(items).hasSize(1);
    JsonNode item = items.get(0);
    assertThat(item.path("hour").asText()).isEqualTo(hour.toString());
    assertThat(item.path("wqi").asInt()).isBetween(10, 100);
    assertThat(item.path("labelVi").asText()).isIn("Rất tốt", "Tốt", "Trung bình", "Xấu", "Kém");
    assertThat(item.path("colour").asText()).startsWith("#");
    assertThat(TestAccess.api(stack, Role.COMMUNE_OPERATOR).send(path).statusCode())
        .as("Cái Khế is not his ward")
        .isEqualTo(404);
  }
}
