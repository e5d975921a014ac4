package vn.cantho.ioc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UplinkMessageTest {

  @Test
  void topicNamesDomainAndDevice() {
    SimDevice pond = Devices.water("wq-0001", WaterSiteType.SHRIMP_POND);

    assertThat(UplinkMessage.topic(pond)).isEqualTo("cantho/v1/water/wq-0001/up");
  }

  @Test
  void payloadHasMillisecondTimestampAndRoundedValues() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("do", 5.1234);
    values.put("ph", 7.806);

    String json = json(Instant.parse("2026-11-23T06:00:00Z"), values);

    assertThat(json)
        .isEqualTo("{\"ts\":\"2026-11-23T06:00:00.000Z\",\"values\":{\"do\":5.12,\"ph\":7.81}}");
  }

  @Test
  void countsAndSwitchStatesAreWholeNumbers() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("flow", 1500.4);
    values.put("state", 1.0);
    values.put("dim", 50.0);
    values.put("power", 0.5);

    String json = json(Instant.parse("2026-11-23T06:00:00.123456Z"), values);

    assertThat(json)
        .isEqualTo(
            "{\"ts\":\"2026-11-23T06:00:00.123Z\","
                + "\"values\":{\"flow\":1500,\"state\":1,\"dim\":50,\"power\":0.5}}");
  }

  @Test
  void refusesValuesThatAreNotNumbers() {
    assertThatThrownBy(() -> UplinkMessage.payload(Instant.EPOCH, Map.of("do", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String json(Instant ts, Map<String, Double> values) {
    return new String(UplinkMessage.payload(ts, values), StandardCharsets.UTF_8);
  }
}
