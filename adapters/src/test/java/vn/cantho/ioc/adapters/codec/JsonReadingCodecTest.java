package vn.cantho.ioc.adapters.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.cantho.ioc.core.reading.Reading;

class JsonReadingCodecTest {
  private static final Instant RECEIVED = Instant.parse("2026-11-23T06:00:05Z");

  private static Decoded decode(String json) {
    return JsonReadingCodec.decode(
        "wq-0001", json.getBytes(StandardCharsets.UTF_8), RECEIVED, "mqtt");
  }

  @Test
  void severalMetricsInOneMessageShareItsTimestamp() {
    Decoded d = decode("{\"ts\":\"2026-11-23T13:00:00+07:00\",\"values\":{\"do\":3.2,\"ph\":7.9}}");
    assertThat(d.errors()).isEmpty();
    assertThat(d.readings())
        .extracting(Reading::metric, Reading::value, Reading::ts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("do", 3.2, Instant.parse("2026-11-23T06:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("ph", 7.9, Instant.parse("2026-11-23T06:00:00Z")));
  }

  @Test
  void missingTimestampMeansReceiveTime() {
    assertThat(decode("{\"values\":{\"do\":3}}").readings())
        .singleElement()
        .extracting(Reading::ts)
        .isEqualTo(RECEIVED);
  }

  @Test
  void oneBadValueCostsOnlyItself() {
    Decoded d = decode("{\"values\":{\"do\":\"low\",\"ph\":7.1,\"temp\":null}}");
    assertThat(d.readings()).extracting(Reading::metric).containsExactly("ph");
    assertThat(d.errors())
        .extracting(Decoded.ItemError::reason)
        .containsExactly("value of 'do' is not a number", "value of 'temp' is not a number");
    assertThat(d.errors().get(0).fragment()).isEqualTo("{\"do\":\"low\"}");
  }

  @Test
  void wholePayloadErrorsSayWhatIsWrong() {
    assertThat(decode("{\"values\":").errors())
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).startsWith("malformed JSON"));
    assertThat(decode("[1,2]").errors().get(0).reason()).isEqualTo("payload must be a JSON object");
    assertThat(decode("{\"ts\":\"yesterday\",\"values\":{\"do\":1}}").errors().get(0).reason())
        .contains("ISO-8601");
    assertThat(decode("{\"values\":{}}").errors().get(0).reason()).contains("non-empty");
    assertThat(decode("{\"values\":{\"do\":1" + "0".repeat(200) + "}}").errors().get(0).reason())
        .startsWith("malformed JSON");
    assertThat(decode("[".repeat(100) + "]".repeat(100)).errors().get(0).reason())
        .startsWith("malformed JSON");
  }
}
